"""Helpers for bad-input tests: a raw tree in a temp dir where one file is a corrupted copy, the rest symlinks."""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path


def corrupted_tree(
    raw: Path, dst: Path, rel: str, transform: Callable[[bytes], bytes], gz_aware=True
) -> Path:
    """Mirror ``raw`` into ``dst`` with symlinks, except ``rel`` which is rewritten by ``transform``.

    For ``.gz`` files ``transform`` receives and returns the *uncompressed* bytes (unless ``gz_aware=False``).
    """
    for path in raw.rglob("*"):
        if path.is_dir():
            continue
        target = dst / path.relative_to(raw)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.relative_to(raw).as_posix() == rel:
            data = path.read_bytes()
            if rel.endswith(".gz") and gz_aware:
                target.write_bytes(gzip.compress(transform(gzip.decompress(data)), compresslevel=1, mtime=0))
            else:
                target.write_bytes(transform(data))
        else:
            os.symlink(path, target)
    return dst


def replace_line(data: bytes, line_no: int, new: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[line_no - 1] = new
    return b"\n".join(lines)


def drop_column(data: bytes, name: str) -> bytes:
    lines = data.decode("utf-8").split("\n")
    header = lines[0].split(",")
    i = header.index(name)
    out = [",".join(c for j, c in enumerate(line.split(",")) if j != i) if line else line for line in lines]
    return "\n".join(out).encode("utf-8")
