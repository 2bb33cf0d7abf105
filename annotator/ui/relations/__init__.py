"""Relations in the window: the list beside the document, making and changing them
with keys and the mouse, and the attribution helper's likely speakers."""
