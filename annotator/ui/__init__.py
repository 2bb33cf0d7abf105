"""The desktop face: PySide6 lives only in this package."""
