"""The application icon as PNG images at the usual sizes, drawn from its SVG with
Qt's SVG renderer: for the desktop entry and the standalone build's icon files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from annotator import resources

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def gui_application() -> QGuiApplication:
    """The running application, or one made for drawing (no screen needed). A widgets
    application, so that windows can still be opened in the same process."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(sys.argv[:1])
    return app  # type: ignore[return-value]


def png(size: int) -> bytes:
    """The icon drawn at size × size pixels, as PNG file contents."""
    gui_application()
    renderer = QSvgRenderer(QByteArray(resources.icon().read_bytes()))
    if not renderer.isValid():
        raise ValueError(f"{resources.icon()}: not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_hicolor(root: Path, name: str = resources.APP_ID) -> list[Path]:
    """The freedesktop icon theme layout under root: NxN/apps/name.png for every
    size, and scalable/apps/name.svg. Returns the files written."""
    written = []
    for size in SIZES:
        path = root / f"{size}x{size}" / "apps" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png(size))
        written.append(path)
    svg = root / "scalable" / "apps" / f"{name}.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    svg.write_bytes(resources.icon().read_bytes())
    written.append(svg)
    return written
