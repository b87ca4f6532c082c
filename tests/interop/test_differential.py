"""Differential tests: the same scenario (differential/scenario.py) run with NVIDIA's original
client and with ours against one server. Results, entries, events and contents must match, and
what each client sends per step is compared; every difference must be one documented in
docs/client-protocol.md (listed below), so a new difference fails the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "differential"
sys.path.insert(0, str(HERE))

from wire_proxy import WireProxy  # noqa: E402

# Results that differ on purpose (see docs/client-protocol.md, "Differences"): none so far.
RESULT_DIFFERENCES: dict = {}


def run(python: str, url: str, server, env_extra: dict, pythonpath: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI_")}
    env.update({"OMNICLIENT_HUB_MODE": "disabled", "OMNI_TEST_URL": url, "OMNI_TEST_USER": server.admin_user,
                "OMNI_TEST_PASSWORD": server.admin_password, "PYTHONPATH": pythonpath, **env_extra})
    proc = subprocess.run([python, str(HERE / "scenario.py")], env=env, capture_output=True, text=True,
                          timeout=240, cwd=str(HERE))
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise AssertionError(f"scenario gave no result (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")


def steps_of(records, prefix):
    """Wire records cut into steps at the marker stats, with marker traffic and stops removed."""
    steps, current = {}, None
    for kind, name, params in records:
        text = json.dumps(params)
        if "__op__" in text:
            current = text.split("__op__", 1)[1].split("/", 1)[0]
            steps.setdefault(current, [])
            continue
        if current is None or name == "stop":
            continue
        steps[current].append((kind, name))
    return steps


@pytest.fixture(scope="module")
def runs(server, client_python, tmp_path_factory):
    ours_env = {"OMNI_CLIENT_TOKEN_CACHE": str(tmp_path_factory.mktemp("tokens"))}
    out = {}
    for who, python, pythonpath in (("original", str(client_python), str(HERE)),
                                    ("ours", sys.executable, os.pathsep.join(p for p in sys.path if p))):
        proxy = WireProxy(server.port)
        try:
            result = run(python, f"{proxy.url}/{who}", server, ours_env if who == "ours" else {}, pythonpath)
        finally:
            proxy.close()
        out[who] = (result, steps_of(proxy.records, who), proxy.records)
    return out


def test_same_results_entries_events_and_contents(runs):
    original, ours = runs["original"][0], runs["ours"][0]
    assert original.keys() == ours.keys()
    differences = {step: (original[step], ours[step]) for step in original if original[step] != ours[step]}
    assert differences == RESULT_DIFFERENCES


# Per step: the wire methods each client used, where they differ (documented in docs/client-protocol.md).
# Both clients keep folder listings cached through subscribe_list + list2 and answer later stats and lists
# from them; on a cache miss we answer the first stat with stat2 at once (the original waits for the
# listing). Writes: the original sends
# create_directory for the parent before each one; we send it once per folder and connection.
# copy/move: the original checks the destination in its cache, we stat2 it (ERROR_IF_EXISTS); copy
# OVERWRITE: with versioning on the original uses replace_version; we copy2 (delete + copy2 if refused).
# live_create_session: the original makes the session's folders with create_directory; we with
# create_folder's legacy create (type 2). Channels and the other session steps send the same methods.
WIRE_DIFFERENCES = {
    "write_file_ex": ({'checkpoint_version', 'create_asset', 'create_directory'}, {'checkpoint_version', 'create_asset'}),
    "stat_file": ({'list2', 'subscribe_list'}, {'list2', 'stat2', 'subscribe_list'}),
    "copy": ({'checkpoint_version', 'copy2', 'create_directory', 'list2', 'subscribe_list'}, {'checkpoint_version', 'copy2', 'stat2'}),
    "copy_existing": (set(), {'stat2'}),
    "copy_overwrite": ({'replace_version'}, {'checkpoint_version', 'copy2'}),
    "copy_missing": ({'list2', 'subscribe_list'}, {'copy2', 'stat2'}),
    "move": ({'create_directory', 'rename2'}, {'rename2', 'stat2'}),
    "lft_write": ({'checkpoint_version', 'create_asset', 'create_directory'}, {'checkpoint_version', 'create_asset'}),
    "session_create": ({'checkpoint_version', 'create_asset', 'create_directory'},
                       {'checkpoint_version', 'create', 'create_asset', 'create_directory'}),
}


def methods(step_records):
    return {name for kind, name in step_records if kind in ("connlib", "sows")}


def test_what_each_client_sends(runs):
    original, ours = runs["original"][1], runs["ours"][1]
    report = {}
    for step in original:
        a, b = methods(original[step]), methods(ours.get(step, []))
        if a != b:
            report[step] = (sorted(a), sorted(b))
    Path(os.environ.get("OMNI_DIFF_WIRE_REPORT", "/dev/null")).write_text(json.dumps(report, indent=1))
    unexplained = {s: v for s, v in report.items()
                   if s not in WIRE_DIFFERENCES or tuple(set(x) for x in v) != WIRE_DIFFERENCES[s]}
    assert not unexplained, json.dumps(unexplained, indent=1)


def test_parameters_of_shared_methods_match(runs):
    """Where both clients use the same method, they send the same parameter names."""
    def shapes(records):
        seen = {}
        for kind, name, params in records:
            if kind == "connlib" and "__op__" not in json.dumps(params) and name != "stop":
                seen.setdefault(name, set()).add(tuple(sorted(params)))
        return seen
    a, b = shapes(runs["original"][2]), shapes(runs["ours"][2])
    # create_asset: we add `message` when the caller gave one (the original drops it).
    allowed_extra = {"create_asset": {"message"}}
    mismatched = {m: (sorted(a[m]), sorted(b[m])) for m in a.keys() & b.keys()
                  if not {tuple(k for k in shape if k not in allowed_extra.get(m, ())) for shape in b[m]} <= a[m]}
    assert not mismatched, mismatched
