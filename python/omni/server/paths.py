"""Server-side path normalisation.

Every path a client sends goes through :func:`normalize` before it reaches the
store.  Paths are keys in the metadata store, never filesystem paths, so they
cannot escape the tree; still, anything ambiguous (``.``/``..`` segments, also
percent-encoded; an encoded slash inside a name; NUL, backslash or other control
characters) is refused, and text is normalised to NFC, so that two spellings never name
the same item and two items never look the same.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

MAX_PATH_LENGTH = 4096
MAX_SEGMENT_LENGTH = 255


class InvalidPath(ValueError):
    """The client sent a path we refuse (answered with ``INVALID_URI``)."""


@dataclass(frozen=True)
class ClientPath:
    """A normalised path plus the form the client used.

    ``path`` is ``/`` or ``/a/b`` (no trailing slash); ``folder_form`` is true when the
    client wrote a trailing slash, which means "the folder" rather than "the item".
    """

    path: str
    folder_form: bool

    @property
    def is_root(self) -> bool:
        return self.path == "/"


_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\]")


def _check_segment(segment: str) -> None:
    decoded = unquote(segment) if "%" in segment else segment
    if decoded in (".", ".."):
        raise InvalidPath("relative path segment")
    if "/" in decoded:  # a name holding an encoded slash could not be addressed
        raise InvalidPath("encoded slash in a name")
    if _FORBIDDEN.search(segment) or (decoded is not segment and _FORBIDDEN.search(decoded)):
        raise InvalidPath("forbidden character in path")
    if len(segment) > MAX_SEGMENT_LENGTH:
        raise InvalidPath("path segment too long")


def normalize(raw: str) -> ClientPath:
    """Normalise a client path; raise :class:`InvalidPath` when it is refused."""
    if not isinstance(raw, str) or not raw.startswith("/"):
        raise InvalidPath("path must be absolute")
    return _normalized(raw)


@functools.lru_cache(maxsize=4096)  # every request names paths, mostly the same few
def _normalized(raw: str) -> ClientPath:
    if len(raw) > MAX_PATH_LENGTH:
        raise InvalidPath("path too long")
    raw = unicodedata.normalize("NFC", raw)  # names that look alike are one name
    segments = [s for s in raw.split("/") if s]
    for segment in segments:
        _check_segment(segment)
    path = "/" + "/".join(segments)
    return ClientPath(path=path, folder_form=raw.endswith("/") and path != "/")


def parent_of(path: str) -> str:
    if path == "/":
        return "/"
    head = path.rsplit("/", 1)[0]
    return head or "/"


def ancestors(path: str) -> list[str]:
    """``/a/b/c`` → ``['/', '/a', '/a/b', '/a/b/c']`` (root first, path itself last)."""
    if path == "/":
        return ["/"]
    out = ["/"]
    current = ""
    for segment in path.strip("/").split("/"):
        current += "/" + segment
        out.append(current)
    return out


def is_within(path: str, top: str) -> bool:
    """True when ``path`` is ``top`` or below it."""
    return top == "/" or path == top or path.startswith(top + "/")


def rebase(path: str, old_top: str, new_top: str) -> str:
    """Move ``path`` from below ``old_top`` to below ``new_top``."""
    if path == old_top:
        return new_top
    return new_top.rstrip("/") + path[len(old_top.rstrip("/")):]
