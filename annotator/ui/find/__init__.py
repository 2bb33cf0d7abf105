"""Find in the article, and label every occurrence."""
