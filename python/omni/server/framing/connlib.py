"""ConnLib framing (the Connection service).

Client → server: one JSON object per WebSocket message,
``{"command": <method>, "id": <n>, ...params}``; when the method has a bytes
parameter the message is ``json | 0x00 | raw bytes`` (the separator is there even
for an empty tail).  ``{"command":"stop","id":n,"subscription_id":m}`` cancels
request ``m``.

Server → client: ``{"id": <n>, ...answer}``; a bytes result is sent as
``json | 0x00 | raw bytes`` in a binary message.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring_ascii
from typing import NamedTuple, Optional, Union

from . import FrameError

MAX_JSON = 1 << 20


class ConnlibRequest(NamedTuple):  # (a frozen dataclass took 0.9 us to make, this 0.4)
    command: str
    id: int
    params: dict
    tail: Optional[bytes]


_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"  # JSON's whitespace


def _loads(text: str):
    """``json.loads(text)`` by the decoder's own scanner (C), without the Python layers
    around it (the frame parse of a live-object update: 3.6 -> 2.9 us)."""
    start = len(text) - len(text.lstrip(_SPACE)) if text[:1] in _SPACE else 0
    try:
        obj, end = _DECODER.scan_once(text, start)
    except StopIteration as exc:
        raise ValueError(f"no JSON value at {exc.value}") from None
    if end != len(text) and text[end:].strip(_SPACE):
        raise ValueError(f"extra data at {end}")
    return obj


def parse_request(data: Union[bytes, str]) -> ConnlibRequest:
    if isinstance(data, str):
        # a text message is JSON already decoded: measured in bytes only when it may be too long
        if len(data) > MAX_JSON // 4 and len(data.encode("utf-8", "surrogatepass")) > MAX_JSON:
            raise FrameError("ConnLib JSON too large")
        raw_json, tail = data, None
    else:
        sep = data.find(b"\x00", 0, MAX_JSON + 1)
        if sep < 0 and len(data) > MAX_JSON:
            raise FrameError("ConnLib JSON too large")
        raw_json, tail = (data, None) if sep < 0 else (data[:sep], bytes(data[sep + 1:]))
    try:
        # ConnLib's JSON is UTF-8: decoded as such (json.loads would first guess the encoding)
        obj = _loads(raw_json if isinstance(raw_json, str) else
                     raw_json.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as exc:
        raise FrameError("ConnLib JSON unreadable") from exc
    if not isinstance(obj, dict):
        raise FrameError("ConnLib message is not an object")
    command, req_id = obj.get("command"), obj.get("id")
    if not isinstance(command, str) or not isinstance(req_id, int) or isinstance(req_id, bool):
        raise FrameError("ConnLib message without command or id")
    if not 0 <= req_id < 1 << 63:
        raise FrameError("ConnLib id out of range")
    return ConnlibRequest(command, req_id, obj, tail)


# json.dumps makes a C encoder anew for each call; every answer goes through this one, made once
# (arguments: markers, default, string encoder, indent, separators, sort_keys, skipkeys, allow_nan)
_ANSWER_ENCODER = c_make_encoder(None, json.JSONEncoder().default, encode_basestring_ascii, None,
                                 ":", ",", False, False, True) if c_make_encoder else None


def _answer_json(answer: dict) -> str:
    if _ANSWER_ENCODER is None:  # a Python without the json accelerator
        return json.dumps(answer, separators=(",", ":"))
    return "".join(_ANSWER_ENCODER(answer, 0))


class WithFields(dict):
    """An answer whose fields past its own items are JSON text made already (``fields``:
    ``"key":value,...``), for many answers of the same item: only the items are encoded.
    Made by :func:`with_fields`."""

    __slots__ = ("fields",)


def with_fields(fields: str, **items) -> WithFields:
    answer = WithFields(items)  # (dict's own constructor: a Python __init__ costs 0.3 µs more)
    answer.fields = fields
    return answer


def fields_json(fields: dict) -> str:
    """``fields`` as the inside of a JSON object, for :class:`WithFields`."""
    return _answer_json(fields)[1:-1]


def encode(req_id: int, answer: dict, tail: Optional[bytes] = None) -> Union[bytes, str]:
    # the id goes first, as text: no copy of the answer with it
    body = f'{{"id":{req_id},{_answer_json(answer)[1:]}' if answer else f'{{"id":{req_id}}}'
    if type(answer) is WithFields and answer.fields:
        body = f"{body[:-1]},{answer.fields}}}"
    if tail is None:
        return body
    return body.encode() + b"\x00" + tail


def encode_request(command: str, req_id: int, params: dict, tail: Optional[bytes] = None) -> Union[bytes, str]:
    """Build a client message (used by tests and our own tools)."""
    body = json.dumps({"command": command, "id": req_id, **params}, separators=(",", ":"),
                      sort_keys=True)
    if tail is None:
        return body.encode()
    return body.encode() + b"\x00" + tail


def parse_answer(data: Union[bytes, str]) -> tuple:
    """``(answer dict, tail or None)`` of a server message (tests and tools)."""
    if isinstance(data, str):
        return json.loads(data), None
    sep = data.find(b"\x00")
    if sep < 0:
        return json.loads(data), None
    return json.loads(data[:sep]), bytes(data[sep + 1:])
