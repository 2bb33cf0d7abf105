"""spaCy: tokenizing and snapping. spaCy is imported lazily (it costs ~0.8 s)."""
