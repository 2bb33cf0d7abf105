"""The document view: an article's text with its overlapping spans, selectable
and resizable. ``DocumentView`` is the whole public face of this package."""

from annotator.ui.document_view.view import DocumentView

__all__ = ["DocumentView"]
