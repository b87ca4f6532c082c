"""Loads the table of behaviour observed from the original library (cases.json) and runs one case."""
import json
import pathlib

import omni.client as oc

CASES = json.loads((pathlib.Path(__file__).with_name("cases.json")).read_text(encoding="utf-8"))
FIELDS = ("scheme", "user", "host", "port", "path", "query", "fragment", "is_raw")


def observe(fn, *args, **kwargs):
    try:
        return {"out": fn(*args, **kwargs)}
    except Exception as e:
        return {"error": type(e).__name__}


def url_fields(u):
    out = []
    for f in FIELDS:
        try:
            out.append(getattr(u, f))
        except UnicodeDecodeError:
            out.append({"error": "UnicodeDecodeError"})
    return out


def observe_url(fn, s):
    r = observe(fn, s)
    if "out" in r:
        r["out"] = url_fields(r["out"])
    return r


def actual(kind, case):
    """What this implementation returns for one case of the table, in the table's format."""
    if kind == "parse":
        return {"break": observe_url(oc.break_url, case["in"]), "ref": observe_url(oc.break_url_reference, case["in"]),
                "norm": observe(oc.normalize_url, case["in"]), "printable": observe(oc.make_printable, case["in"])}
    if kind == "make_url":
        return observe(oc.make_url, **case["in"])
    if kind == "combine":
        return observe(oc.combine_urls, case["base"], case["other"])
    if kind == "relative":
        return observe(oc.make_relative_url, case["base"], case["other"])
    if kind == "file_url":
        return observe(oc.make_file_url, case["in"])
    if kind == "printable":
        return observe(oc.make_printable, case["in"])
    if kind == "join":
        return observe(oc.join, case["base"], case["name"])
    if kind == "branch_checkpoint":
        r = observe(oc.get_branch_and_checkpoint_from_query, case["in"])
        if "out" in r:
            r["out"] = list(r["out"])
        return r
    if kind == "make_query":
        return observe(oc.make_query_from_branch_and_checkpoint, case["branch"], case["checkpoint"])
    raise KeyError(kind)


def expected(kind, case):
    if kind == "parse":
        return {k: case[k] for k in ("break", "ref", "norm", "printable")}
    return case["result"]
