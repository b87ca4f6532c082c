"""Locks, one step per run (OMNI_TEST_STEP), so that two users take turns."""

import os

import omni.client as oc
from common import URL, content, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
f = URL + os.environ["OMNI_TEST_FILE"]
step = os.environ["OMNI_TEST_STEP"]
out = {}

if step == "lock":
    out["write"] = name(oc.write_file(f, b"owner's"))
    out["lock"] = name(oc.lock(f))
    r, e = oc.stat(f)
    out["stat"] = [name(r), e.locked_by, int(e.flags)]
    out["write_own_locked"] = name(oc.write_file(f, b"owner's again"))
elif step == "other":
    r, e = oc.stat(f)
    out["stat"] = [name(r), e.locked_by, int(e.flags)]
    out["write"] = name(oc.write_file(f, b"intruder"))
    out["delete"] = name(oc.delete(f))
    r, _ = oc.move(f, f + ".moved")
    out["move"] = name(r)
    out["lock"] = name(oc.lock(f))
    out["unlock"] = name(oc.unlock(f))
    r, _, c = oc.read_file(f)
    out["read"] = [name(r), content(c).decode()]
elif step == "unlock":
    out["unlock"] = name(oc.unlock(f))
    r, e = oc.stat(f)
    out["stat"] = [name(r), e.locked_by]
elif step == "other_after":
    out["write"] = name(oc.write_file(f, b"my turn"))
    r, _, c = oc.read_file(f)
    out["read"] = [name(r), content(c).decode()]
finish(out)
