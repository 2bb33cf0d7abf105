"""Annotator: label spans in news articles and export training data."""

__version__ = "0.1.0"
