"""omni.client results as Python exceptions, for the tools built on the API (the ``omni``
command and the fsspec filesystem): one mapping, so both say the same thing for the same result."""

from __future__ import annotations

import errno

from ._omniclient import Result


class OmniError(OSError):
    """An omni.client operation failed; ``result`` is the :class:`Result` it answered."""

    def __init__(self, result: Result, url: str, message: str):
        super().__init__(_ERRNO.get(result, errno.EIO), message, url)
        self.result = result
        self.url = url


class OmniNotFound(OmniError, FileNotFoundError):
    pass


class OmniExists(OmniError, FileExistsError):
    pass


class OmniAccessDenied(OmniError, PermissionError):
    pass


class OmniNotADirectory(OmniError, NotADirectoryError):
    pass


class OmniLocked(OmniError):
    pass


class OmniConnectionError(OmniError, ConnectionError):
    pass


class OmniNotSupported(OmniError, NotImplementedError):
    pass


_ERRNO = {
    Result.ERROR_NOT_FOUND: errno.ENOENT,
    Result.ERROR_ALREADY_EXISTS: errno.EEXIST,
    Result.ERROR_ACCESS_DENIED: errno.EACCES,
    Result.ERROR_ACCESS_LOST: errno.EACCES,
    Result.ERROR_LOCKED: errno.EBUSY,
    Result.ERROR_FOLDER_NOT_EMPTY: errno.ENOTEMPTY,
    Result.ERROR_WRONG_TYPE: errno.ENOTDIR,
    Result.ERROR_CONNECTION: errno.ECONNREFUSED,
    Result.ERROR_NOT_SUPPORTED: errno.EOPNOTSUPP,
    Result.ERROR_SOURCE_IS_DEST: errno.EINVAL,
    Result.ERROR_BAD_REQUEST: errno.EINVAL,
}

_CLASSES = {
    Result.ERROR_NOT_FOUND: OmniNotFound,
    Result.ERROR_ALREADY_EXISTS: OmniExists,
    Result.ERROR_ACCESS_DENIED: OmniAccessDenied,
    Result.ERROR_ACCESS_LOST: OmniAccessDenied,
    Result.ERROR_WRONG_TYPE: OmniNotADirectory,
    Result.ERROR_LOCKED: OmniLocked,
    Result.ERROR_CONNECTION: OmniConnectionError,
    Result.ERROR_NOT_SUPPORTED: OmniNotSupported,
}

_MESSAGES = {
    Result.ERROR_NOT_FOUND: "not found",
    Result.ERROR_ALREADY_EXISTS: "already exists",
    Result.ERROR_ACCESS_DENIED: "access denied",
    Result.ERROR_ACCESS_LOST: "access lost",
    Result.ERROR_LOCKED: "locked by another user",
    Result.ERROR_FOLDER_NOT_EMPTY: "folder not empty",
    Result.ERROR_WRONG_TYPE: "wrong type (a file where a folder is expected, or the reverse)",
    Result.ERROR_CONNECTION: "cannot connect",
    Result.ERROR_NOT_SUPPORTED: "not supported by this provider",
    Result.ERROR_SOURCE_IS_DEST: "source and destination are the same",
    Result.ERROR_BAD_REQUEST: "bad request",
    Result.ERROR_BAD_VERSION: "bad version (the content changed while it was copied)",
    Result.ERROR_UNSUPPORTED_VERSION: "unsupported version",
}

_SUCCESS = (Result.OK, Result.OK_LATEST)


def describe(result: Result) -> str:
    """A short phrase a person understands for ``result``."""
    return _MESSAGES.get(result, f"failed ({result.name})")


def error_for(result: Result, url: str) -> OmniError:
    """The exception that says ``result`` happened to ``url``."""
    return _CLASSES.get(result, OmniError)(result, url, f"{url}: {describe(result)}")


def check(result: Result, url: str) -> None:
    """Raises the matching :class:`OmniError` unless ``result`` is a success."""
    if result not in _SUCCESS:
        raise error_for(result, url)
