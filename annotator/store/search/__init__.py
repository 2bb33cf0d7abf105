"""Searching the documents: the text index, queries compiled to SQL, and store.search."""
