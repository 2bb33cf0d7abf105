"""Builds the standalone app with PyInstaller: icons first (drawn from the SVG), then
packaging/annotator.spec. Run with a Python that has the app (not editable) and
packaging/requirements-dist.txt installed; `make dist` makes such a venv, the CI
workflow (.github/workflows/build.yml) uses the runner's Python.

    python packaging/build.py [--dist DIR] [--work DIR]

The result is DIR/annotator/ (Linux, Windows) or DIR/Annotator.app (macOS).
"""

from __future__ import annotations

import argparse
import struct
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's icon types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08",
              512: b"ic09", 1024: b"ic10"}


def write_icons(folder: Path) -> None:
    """annotator-SIZE.png, annotator.ico (Windows) and annotator.icns (macOS)."""
    from annotator.ui.icons import png

    folder.mkdir(parents=True, exist_ok=True)
    images = {size: png(size) for size in sorted({*ICO_SIZES, *ICNS_TYPES, 512})}
    for size in (256, 512):
        (folder / f"annotator-{size}.png").write_bytes(images[size])
    (folder / "annotator.ico").write_bytes(ico(images, ICO_SIZES))
    (folder / "annotator.icns").write_bytes(icns(images))


def ico(images: dict[int, bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file whose entries are PNG images (Windows Vista and later read them)."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, data = b"", b""
    for size in sizes:
        image = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(image),
                               offset + len(data))
        data += image
    return header + entries + data


def icns(images: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", len(images[size]) + 8) + images[size]
                    for size, kind in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args()
    began = time.perf_counter()
    icons = args.work / "icons"
    write_icons(icons)

    import PyInstaller.__main__

    PyInstaller.__main__.run([
        "--noconfirm", "--clean", "--log-level=ERROR",
        "--distpath", str(args.dist), "--workpath", str(args.work),
        str(HERE / "annotator.spec"), "--", "--icons", str(icons)])
    print(f"built {args.dist} in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
