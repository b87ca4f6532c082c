"""Side-by-side benchmarking: a case and its baseline run alternately (A B A B ...) in the same
run, several rounds; the medians and their ratio are printed. Machines here are noisy, so only
ratios measured this way are worth quoting.

A measurement is any callable returning a rate (operations per second). ``rate_of`` times a
Python callable in this process; ``rate_in`` runs a snippet in another interpreter (for example
a virtualenv holding a different implementation) and reads the rate it prints.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def rate_of(fn, ops_per_call=1, min_seconds=0.3, settle=None):
    """Calls ``fn`` repeatedly for at least ``min_seconds``; returns operations per second.

    ``settle`` (e.g. ``os.sync``) runs once before the timing and once inside it, at the end: work
    a case leaves pending (data the kernel still has to write) is then charged to that case, not
    to whichever case runs next.
    """
    if settle:
        settle()
    calls = 0
    start = time.perf_counter()
    deadline = start + min_seconds
    while True:
        fn()
        calls += 1
        if time.perf_counter() >= deadline:
            break
    if settle:
        settle()
    return calls * ops_per_call / (time.perf_counter() - start)


def rate_in(python, setup, statement, ops_per_call=1, min_seconds=0.3, cwd=None, settle=None):
    """Runs ``setup`` then times ``statement`` (like rate_of) in another interpreter; ``settle`` is
    a statement with rate_of's meaning."""
    program = "\n".join([
        "import time",
        setup,
        "def _fn():",
        *("    " + line for line in statement.splitlines()),
        "def _settle():",
        f"    {settle or 'pass'}",
        "_settle()",
        "_calls = 0",
        "_start = time.perf_counter()",
        f"_deadline = _start + {min_seconds}",
        "while True:",
        "    _fn()",
        "    _calls += 1",
        "    if time.perf_counter() >= _deadline:",
        "        break",
        "_settle()",
        f"print(_calls * {ops_per_call} / (time.perf_counter() - _start))",
    ])
    out = subprocess.run([python, "-c", program], capture_output=True, text=True, check=True, cwd=cwd)
    return float(out.stdout.strip().splitlines()[-1])


def client_envs():
    """The environments of a measuring process: ours (this interpreter's path) and the baseline's
    (its own virtualenv; the original's Hub lookup off)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OMNI")}
    ours = dict(clean, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    baseline = dict(clean, OMNICLIENT_HUB_MODE="disabled")
    baseline.pop("PYTHONPATH", None)
    return ours, baseline


def compare(name, case, baseline, rounds=5, case_label="ours", baseline_label="baseline", unit="ops/s"):
    """Alternates ``case`` and ``baseline`` for ``rounds`` rounds; prints and returns the median ratio."""
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(case())
        theirs.append(baseline())
    a, b = statistics.median(ours), statistics.median(theirs)
    ratio = a / b if b else float("inf")
    print(f"{name:<40} {case_label} {fmt(a)} {unit}   {baseline_label} {fmt(b)} {unit}   ratio {ratio:.2f}x")
    return ratio


def fmt(rate):
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if rate >= limit:
            return f"{rate / limit:7.2f}{suffix}"
    return f"{rate:8.1f}"


def original_python(given=None):
    """The interpreter that runs NVIDIA's original client: ``given``, else the virtualenv the
    interop tests made. The benchmarks never install the original themselves; without either,
    they stop and say how to get one."""
    if given:
        return str(given)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "interop"))
    from interop_venv import installed_python
    found = installed_python()
    if found is None:
        sys.exit("bench: no interpreter with the original client; pass --original PYTHON, or run "
                 "the interop tests once (pytest tests/interop), which make their own virtualenv")
    return str(found)
