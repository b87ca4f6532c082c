"""Each write_file followed at once by a move, a copy or a delete of the same file: the
client sends its after-write checkpoint_version without waiting, then the batch request
(rename2, copy2, delete2) naming the file.  Reports what each file's checkpoints are."""

import os

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
base = URL + os.environ["OMNI_TEST_BASE"]
out = {"moved": [], "copied": [], "deleted": []}
for i in range(int(os.environ.get("OMNI_TEST_ROUNDS", "20"))):
    a = f"{base}/a{i}.usd"
    oc.write_file(a, b"content %d" % i)
    r, _ = oc.move(a, f"{base}/moved{i}.usd")
    r2, cps = oc.list_checkpoints(f"{base}/moved{i}.usd")
    out["moved"].append([name(r), name(r2), len(cps)])
    c = f"{base}/c{i}.usd"
    oc.write_file(c, b"copied %d" % i)
    r = oc.copy(c, f"{base}/copy{i}.usd")
    r2, cps = oc.list_checkpoints(f"{base}/copy{i}.usd")
    out["copied"].append([name(r), name(r2), [e.relative_path for e in cps]])
    d = f"{base}/d{i}.usd"
    oc.write_file(d, b"deleted %d" % i)
    r = oc.delete_single(d)
    r2, _ = oc.stat(d)
    out["deleted"].append([name(r), name(r2)])
finish(out)
