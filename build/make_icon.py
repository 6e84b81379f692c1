"""Draw the program icon: `ui/scrutiny.png` (256 px) and `ui/scrutiny.ico` (16 to 256 px).

A navy tile holding a white sheet with three rows rated red, amber and green. Each size is drawn
on its own (not scaled down), so the small ones stay crisp: at 24 px and below the rows are plain bars.
The ICO holds 32-bit BMP images below 256 px and a PNG at 256 px, as Windows' own icons do.

Run: `.venv/bin/python build/make_icon.py` (offscreen; needs only PySide6). The results are committed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

UI = Path(__file__).resolve().parent.parent / "ui"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
NAVY = QColor("#1f3a5f")
SHEET = QColor("#ffffff")
TEXT = QColor("#b8c2cf")
RAG = (QColor("#c62828"), QColor("#f0a202"), QColor("#2e7d32"))


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    s = float(size)
    # The tile.
    p.setBrush(NAVY)
    p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.18, s * 0.18)
    # The sheet, with a folded corner when there is room for one.
    left, top, width, height = s * 0.19, s * 0.12, s * 0.62, s * 0.76
    fold = s * 0.16 if size >= 32 else 0.0
    sheet = QPainterPath()
    sheet.moveTo(left, top)
    sheet.lineTo(left + width - fold, top)
    sheet.lineTo(left + width, top + fold)
    sheet.lineTo(left + width, top + height)
    sheet.lineTo(left, top + height)
    sheet.closeSubpath()
    p.setBrush(SHEET)
    p.drawPath(sheet)
    if fold:
        corner = QPainterPath()
        corner.moveTo(left + width - fold, top)
        corner.lineTo(left + width - fold, top + fold)
        corner.lineTo(left + width, top + fold)
        corner.closeSubpath()
        p.setBrush(TEXT)
        p.drawPath(corner)
    # Three rated rows: a coloured dot and a line of "text"; at the smallest sizes, coloured bars.
    inner = left + width * 0.14
    row_height = height / 4.2
    for i, colour in enumerate(RAG):
        y = top + height * 0.30 + i * row_height
        if size <= 24:
            p.setBrush(colour)
            thickness = max(2, round(row_height * 0.56))
            p.drawRect(QRectF(round(inner), round(y - row_height * 0.28), round(width * 0.72), thickness))
            continue
        radius = row_height * 0.30
        p.setBrush(colour)
        p.drawEllipse(QRectF(inner, y - radius, 2 * radius, 2 * radius))
        p.setBrush(TEXT)
        bar = row_height * 0.22
        p.drawRoundedRect(QRectF(inner + 2 * radius + s * 0.05, y - bar / 2, width * 0.5, bar), bar / 2, bar / 2)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def bmp_entry(image: QImage) -> bytes:
    """A 32-bit icon DIB: a BITMAPINFOHEADER, BGRA rows bottom-up, then an all-clear AND mask."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # little-endian memory order: B, G, R, A
    w, h = argb.width(), argb.height()
    raw = bytes(argb.constBits())
    stride = argb.bytesPerLine()
    rows = [raw[y * stride: y * stride + 4 * w] for y in range(h)]
    pixels = b"".join(reversed(rows))
    mask_stride = ((w + 31) // 32) * 4
    mask = bytes(mask_stride * h)
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(images: dict[int, QImage]) -> bytes:
    entries = [(size, png_bytes(img) if size >= 256 else bmp_entry(img)) for size, img in sorted(images.items())]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, blob in entries:
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blob for _, blob in entries)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: draw(size) for size in SIZES}
    UI.mkdir(exist_ok=True)
    (UI / "scrutiny.png").write_bytes(png_bytes(images[256]))
    (UI / "scrutiny.ico").write_bytes(ico_bytes(images))
    # Read the ICO back through Qt's own reader: every size present and not blank.
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(UI / "scrutiny.ico"))
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        img = reader.read()
        if img.isNull() or img.pixelColor(img.width() // 2, img.height() // 2).alpha() == 0:
            raise SystemExit(f"scrutiny.ico image {index} did not read back")
        found.append(img.width())
    if sorted(found) != sorted(SIZES):
        raise SystemExit(f"scrutiny.ico holds {found}, expected {SIZES}")
    print(f"wrote {UI / 'scrutiny.png'} and {UI / 'scrutiny.ico'} ({', '.join(map(str, SIZES))} px)")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
