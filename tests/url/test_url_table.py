"""The URL functions against the table of values observed from the original library (cases.json)."""
import pytest

import cases as C


def _deliberate_difference(kind, case):
    """Cases where we chose not to copy the original; the reason is checked by a test of its own."""
    if kind != "parse":
        return None
    out = case["printable"].get("out")
    if out is not None and "\x00" in out:
        return "make_printable: the original cuts long URLs at ~100 bytes and pads them with NULs"
    if case["printable"].get("error") == "UnicodeDecodeError":
        return "make_printable: the original returns an encoded surrogate that Python cannot decode"
    return None


def _params():
    for kind, cases in C.CASES.items():
        for i, case in enumerate(cases):
            yield pytest.param(kind, case, id=f"{kind}-{i}")


@pytest.mark.parametrize("kind,case", list(_params()))
def test_observed(kind, case):
    expected = C.expected(kind, case)
    actual = C.actual(kind, case)
    reason = _deliberate_difference(kind, case)
    if reason:
        # Everything but make_printable must still match; make_printable is checked below.
        expected = dict(expected, printable=None)
        actual = dict(actual, printable=None)
    assert actual == expected


def _printable_differences():
    for i, case in enumerate(C.CASES["parse"]):
        if _deliberate_difference("parse", case):
            yield pytest.param(case, id=f"parse-{i}")


@pytest.mark.parametrize("case", list(_printable_differences()))
def test_printable_where_we_differ(case):
    import omni.client as oc
    out = oc.make_printable(case["in"])
    assert "\x00" not in out
    original = case["printable"].get("out")
    if original is not None:
        # The original's output up to its cut is a prefix of ours; we print the whole URL.
        kept = original.rstrip("\x00")
        assert out.startswith(kept) and len(out) > len(kept)
    else:
        # An escaped UTF-16 surrogate is not valid UTF-8: it stays escaped.
        assert out == case["in"]


def test_table_size():
    # The issue asks for at least 1,000 observed cases; the table has several times that.
    assert sum(len(v) for v in C.CASES.values()) >= 1000
