"""ConnLib framing on its own: a request reads the same whether it came as a text or a binary
message, and an answer is the JSON of ``{"id": ..., **answer}`` (with and without a tail)."""

import json
import math

import pytest

from omni.server.framing import FrameError, connlib


@pytest.mark.parametrize("params", [
    {"path": {"branch": "", "path": "/a/b"}},
    {"path": {"path": "/caf\u00e9/\u6587\u4ef6"}},  # non-ASCII names
    {"uri": "/x", "nested": [{"k": 1.5}, None, True]},
])
def test_a_request_reads_the_same_as_text_and_as_binary(params):
    text = json.dumps({"command": "stat2", "id": 7, **params}, ensure_ascii=False)
    as_text = connlib.parse_request(text)
    as_binary = connlib.parse_request(text.encode())
    with_tail = connlib.parse_request(text.encode() + b"\x00tail\x00bytes")
    assert as_text == as_binary
    assert (as_text.command, as_text.id, as_text.params["command"], as_text.tail) == ("stat2", 7, "stat2", None)
    assert with_tail.params == as_text.params and with_tail.tail == b"tail\x00bytes"


def test_a_request_too_long_or_unreadable_is_refused_in_either_form():
    long = json.dumps({"command": "stat2", "id": 1, "pad": "\u00e9" * (connlib.MAX_JSON // 2 + 1)},
                      ensure_ascii=False)  # under MAX_JSON characters, over MAX_JSON bytes
    assert len(long) <= connlib.MAX_JSON < len(long.encode())
    for data in (long, long.encode(), "{not json", b"{not json", b'{"command": "x", "id": 1, "s": "\xff"}',
                 "[1]", b"[1]", '{"command": "stat2", "id": true}'):
        with pytest.raises(FrameError):
            connlib.parse_request(data)


@pytest.mark.parametrize("text", [
    ' {"command": "stat2", "id": 1}\r\n', '\t{"command":"stat2","id":2,"x":[1,{"y":null}]}',
    '{"command": "stat2", "id": 3, "big": 1e400, "n": NaN, "s": "\\ud800"}',
    '{"command": "stat2", "id": 4} x', '{"command": "stat2", "id": 5}{}', '', '   ',
    '\ufeff{"command": "stat2", "id": 6}', '{"command": "stat2", "id": 7', "[" * 100000,
])
def test_a_request_json_reads_as_json_loads_reads_it(text):
    """The frame's JSON is read by the decoder's scanner directly: what json.loads takes it
    takes the same, what json.loads refuses is refused."""
    try:
        expected = json.loads(text)
    except (ValueError, RecursionError):
        with pytest.raises(FrameError):
            connlib.parse_request(text)
        return
    got = connlib.parse_request(text)
    assert repr(got.params) == repr(expected) and got.id == expected["id"]


@pytest.mark.parametrize("answer", [
    {"status": "OK", "ts": {"srv": 1}, "uri": "/caf\u00e9", "acl": ["read", "write"], "size": 0},
    {"status": "OK", "value": math.inf, "empty": False, "nothing": None, "text": "quote \" and \\ and \n"},
    {},
])
def test_an_answer_is_the_json_of_its_fields_after_the_id(answer):
    expected = json.dumps({"id": 12, **answer}, separators=(",", ":"))
    assert connlib.encode(12, answer) == expected
    assert list(json.loads(expected)) == ["id", *answer]
    assert connlib.encode(12, answer, b"\x00raw") == expected.encode() + b"\x00\x00raw"
    assert connlib.parse_answer(connlib.encode(12, answer, b"raw")) == (json.loads(expected), b"raw")


@pytest.mark.parametrize("answer", [
    {"status": "OK", "ts": {"srv": 1}, "uri": "/caf\u00e9", "acl": ["read", "write"], "size": 0},
    {"status": "OK", "ts": {"srv": 2}, "text": "quote \" and \\ and \n"},
    {"status": "OK"},
])
def test_an_answer_with_fields_encoded_already_reads_as_one_answer(answer):
    """with_fields: some fields come as JSON text made earlier, the others are encoded each time;
    the answer reads as the one of all of them (with and without a tail)."""
    for cut in range(len(answer) + 1):
        items, made = dict(list(answer.items())[:cut]), dict(list(answer.items())[cut:])
        prepared = connlib.with_fields(connlib.fields_json(made), **items)
        assert prepared == items
        assert json.loads(connlib.encode(12, prepared)) == {"id": 12, **answer}
        assert connlib.parse_answer(connlib.encode(12, prepared, b"\x00raw")) == \
            ({"id": 12, **answer}, b"\x00raw")


def test_an_answer_that_is_not_json_raises():
    with pytest.raises(TypeError):
        connlib.encode(1, {"status": "OK", "bad": object()})
