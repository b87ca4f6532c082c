"""SOWS framing (binary WebSocket messages, little-endian integers).

Client → server:
  request: ``u8 1 | u32 id | method (UTF-8) | 0x00 | u32 json_len | json | tail``
  stop:    ``u8 0 | u32 id``
Server → client:
  send:    ``u8 1 | u32 id | u8 last | u32 json_len | json | tail``
  done:    ``u8 5 | u32 id``
  error:   ``u8 0 | u32 id | u16 code | UTF-8 message``
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Any

from . import FrameError

REQUEST = 1
STOP = 0
SEND = 1
DONE = 5
ERROR = 0

MAX_METHOD = 256
MAX_JSON = 1 << 20

_U32 = struct.Struct("<I")
_HEAD = struct.Struct("<BI")


@dataclass(frozen=True)
class SowsRequest:
    kind: int
    id: int
    method: str = ""
    params: Any = None
    tail: bytes = b""


def parse_request(data: bytes) -> SowsRequest:
    if not isinstance(data, (bytes, bytearray)) or len(data) < 5:
        raise FrameError("short SOWS frame")
    kind, req_id = _HEAD.unpack_from(data, 0)
    if kind == STOP:
        if len(data) != 5:
            raise FrameError("bad SOWS stop frame")
        return SowsRequest(STOP, req_id)
    if kind != REQUEST:
        raise FrameError(f"unknown SOWS frame type {kind}")
    end = data.find(b"\x00", 5, 5 + MAX_METHOD + 1)
    if end < 0:
        raise FrameError("SOWS method not terminated")
    try:
        method = bytes(data[5:end]).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrameError("SOWS method not UTF-8") from exc
    pos = end + 1
    if len(data) < pos + 4:
        raise FrameError("SOWS frame without JSON length")
    (json_len,) = _U32.unpack_from(data, pos)
    pos += 4
    if json_len > MAX_JSON or len(data) < pos + json_len:
        raise FrameError("SOWS JSON length out of range")
    try:
        params = json.loads(bytes(data[pos:pos + json_len])) if json_len else {}
    except (ValueError, RecursionError) as exc:
        raise FrameError("SOWS JSON unreadable") from exc
    return SowsRequest(REQUEST, req_id, method, params, bytes(data[pos + json_len:]))


def encode_request(req_id: int, method: str, params: Any, tail: bytes = b"") -> bytes:
    body = json.dumps(params, separators=(",", ":")).encode()
    return _HEAD.pack(REQUEST, req_id) + method.encode() + b"\x00" + _U32.pack(len(body)) + body + tail


def encode_send(req_id: int, answer: Any, last: bool = True, tail: bytes = b"") -> bytes:
    body = json.dumps(answer, separators=(",", ":")).encode()
    return _HEAD.pack(SEND, req_id) + bytes([1 if last else 0]) + _U32.pack(len(body)) + body + tail


def encode_error(req_id: int, code: int, message: str) -> bytes:
    return _HEAD.pack(ERROR, req_id) + struct.pack("<H", code) + message.encode()


@dataclass(frozen=True)
class SowsResponse:
    kind: int
    id: int
    last: bool = True
    answer: Any = None
    tail: bytes = b""
    code: int = 0
    message: str = ""


def parse_response(data: bytes) -> SowsResponse:
    """Read a server frame (used by tests and by our own tools)."""
    if len(data) < 5:
        raise FrameError("short SOWS frame")
    kind, req_id = _HEAD.unpack_from(data, 0)
    if kind == DONE:
        return SowsResponse(DONE, req_id)
    if kind == ERROR:
        (code,) = struct.unpack_from("<H", data, 5)
        return SowsResponse(ERROR, req_id, code=code, message=bytes(data[7:]).decode())
    if kind != SEND:
        raise FrameError(f"unknown SOWS response type {kind}")
    last = bool(data[5])
    (json_len,) = _U32.unpack_from(data, 6)
    answer = json.loads(bytes(data[10:10 + json_len]))
    return SowsResponse(SEND, req_id, last, answer, bytes(data[10 + json_len:]))
