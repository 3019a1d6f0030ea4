#!/usr/bin/env python3
"""Draws the Teams app icons as real PNG files with nothing but the standard library.

    color.png    192x192, full colour: a white video camera on the CHEXS green, rounded square
    outline.png   32x32, white camera on a transparent background (Teams' rule for outline icons)

Run from anywhere: python3 manifest/make-icons.py. The output is deterministic, so re-running it
leaves git clean unless the drawing below changed.
"""
import os
import struct
import zlib

ACCENT = (0x1F, 0x6F, 0x5C)  # keep in step with accentColor in manifest.json
WHITE = (255, 255, 255)
SAMPLES = 4  # supersampling per axis, for smooth edges


def rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x <= right and top <= y <= bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def camera(x, y):
    """A video camera in unit coordinates (0..1): a rounded body and a lens wedge to its right."""
    body = rounded_rect(x, y, 0.16, 0.32, 0.62, 0.68, 0.06)
    # Wedge: from the body's right edge widening to the right.
    wedge = 0.60 <= x <= 0.84 and abs(y - 0.5) <= 0.08 + (x - 0.60) * 0.55 and abs(y - 0.5) <= 0.20
    return body or wedge


def coverage(shape, px, py, size):
    hits = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = (px + (sx + 0.5) / SAMPLES) / size
            y = (py + (sy + 0.5) / SAMPLES) / size
            hits += shape(x, y)
    return hits / (SAMPLES * SAMPLES)


def draw_color(size):
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            background = coverage(lambda x, y: rounded_rect(x, y, 0.0, 0.0, 1.0, 1.0, 0.18), px, py, size)
            glyph = coverage(camera, px, py, size)
            rgb = [round(a * (1 - glyph) + b * glyph) for a, b in zip(ACCENT, WHITE)]
            row += bytes(rgb + [round(255 * background)])
        rows.append(bytes(row))
    return rows


def draw_outline(size):
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            row += bytes(list(WHITE) + [round(255 * coverage(camera, px, py, size))])
        rows.append(bytes(row))
    return rows


def png(width, height, rows):
    """RGBA, 8 bits per channel, filter 0 on every row."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size, draw in (("color.png", 192, draw_color), ("outline.png", 32, draw_outline)):
        with open(os.path.join(here, name), "wb") as f:
            f.write(png(size, size, draw(size)))
        print(f"wrote {name} ({size}x{size})")


if __name__ == "__main__":
    main()
