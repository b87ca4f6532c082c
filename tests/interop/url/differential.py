"""Differential run: random URL-like strings through every URL function, in this interpreter's
omni.client and in the original's (another interpreter), and the differences counted.

    PYTHONPATH=python python3 tests/interop/url/differential.py --baseline-python $PY --seeds 101 202 --count 30000

Not a test (the suite must not need the original); a tool for finding behaviour to add to
gen_cases.py.
"""
import argparse
import collections
import json
import os
import pathlib
import random
import subprocess
import sys

FIELDS = ("scheme", "user", "host", "port", "path", "query", "fragment", "is_raw")
NAMES = ["break_url", "break_url_reference", "normalize_url", "combine_urls", "make_relative_url", "make_file_url",
         "join", "get_branch_and_checkpoint_from_query", "make_printable"]
PIECES = ["omniverse:", "omni:", "http:", "https:", "file:", "C:", "x:", "//", "/", "h", "H", "u@", ":", "3009", "@",
          "?", "#", "%", "%41", "%2F", "%2f", "%zz", "%00", "%ff", "%C3%A4", ".", "..", "a", "b", " ", "\\", "\u00e4",
          "[", "]", "::1", "&", "=", "branch=", "checkpoint=", "1", "~", "!", "'", "+", ";", "\t", "omniverse://",
          "http://web/?omniverse://s/"]


def worker(seed, count):
    import omni.client as oc

    def observe(fn, *args):
        try:
            r = fn(*args)
        except Exception as e:
            return type(e).__name__
        if hasattr(r, "is_raw"):
            out = []
            for f in FIELDS:
                try:
                    out.append(getattr(r, f))
                except UnicodeDecodeError:
                    out.append("<UnicodeDecodeError>")
            return out
        return list(r) if isinstance(r, tuple) else r

    rng = random.Random(seed)
    inputs = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) for _ in range(count)]
    rows = []
    for i, a in enumerate(inputs):
        b = inputs[(i * 7 + 3) % len(inputs)]
        rows.append([a, b] + [observe(getattr(oc, n), *((a, b) if n in ("combine_urls", "make_relative_url", "join")
                                                        else (a,))) for n in NAMES])
    json.dump(rows, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-python", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[101])
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--worker", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(*args.worker)
    ours_path = os.pathsep.join(sys.path)
    total = collections.Counter()
    for seed in args.seeds:
        cmd = [__file__, "--baseline-python", "-", "--worker", str(seed), str(args.count)]
        ours = json.loads(subprocess.run([sys.executable, *cmd], capture_output=True, text=True, check=True,
                                         env=dict(os.environ, PYTHONPATH=ours_path)).stdout)
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        theirs = json.loads(subprocess.run([args.baseline_python, *cmd], capture_output=True, text=True, check=True,
                                           env=base_env).stdout)
        shown = collections.Counter()
        for x, y in zip(theirs, ours):
            for k, name in enumerate(NAMES):
                if x[k + 2] == y[k + 2]:
                    continue
                # Known and deliberate: the original cuts long printable URLs and pads them with NULs.
                if name == "make_printable" and isinstance(x[k + 2], str) and "\x00" in x[k + 2]:
                    continue
                total[name] += 1
                if shown[name] < args.show:
                    shown[name] += 1
                    print(f"{name}{(x[0], x[1])!r}\n  original {x[k + 2]!r}\n  ours     {y[k + 2]!r}")
    print(f"{len(args.seeds) * args.count} inputs x {len(NAMES)} functions; differences: {dict(total) or 'none'}")


if __name__ == "__main__":
    sys.exit(main())
