"""Folders to import: real images written next to a manifest."""

import io
import itertools
import json
import struct
import zlib
from pathlib import Path

from PIL import Image as PILImage


def image_bytes(color=(200, 30, 30), size=(8, 8), fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def png_header_bomb(width=100_000, height=100_000) -> bytes:
    """A few hundred bytes that claim to be a width x height PNG: Pillow's decompression-bomb
    check must stop it before anything is decoded."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


_colours = itertools.count(1)


def distinct_color():
    n = next(_colours)
    return (n % 256, n // 256 % 256, n // 65536 % 256)


class Folder:
    """A folder of images plus a manifest, built line by line."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def image(self, rel, data=None):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if data is not None else image_bytes(distinct_color()))
        return rel

    def jsonl(self, lines, name="manifest.jsonl"):
        text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
        (self.root / name).write_text(text)
        return name

    def reference(self, records, name="train.json"):
        (self.root / name).write_text(json.dumps(records))
        return name

    def group_lines(self, group, k=4, prompt=None, ranks=None, **extra):
        """k manifest lines for a new group, each with its own image."""
        prompt = prompt or f"prompt of {group}"
        lines = []
        for i in range(k):
            line = {"group": group, "prompt": prompt, "image": self.image(f"{group}/{i}.png"), **extra}
            if ranks is not None:
                line["rank"] = ranks[i]
            lines.append(line)
        return lines
