"""Part names inside an Office file (Open Packaging Conventions), shared by the reader and the audit."""

from __future__ import annotations

from pathlib import PurePosixPath


def resolve_part(base: str, target: str) -> str:
    """A relationship's target as a zip member name, relative to the part holding the relationship.

    Backslashes (written by some generators) are read as slashes; `..` never climbs above the root.
    """
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)
