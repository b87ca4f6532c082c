"""The other client: write, overwrite, checkpoint, lock, unlock, set ACLs, move, copy and
delete in one folder, one call at a time."""

import os

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
folder = URL + os.environ["OMNI_TEST_BASE"]
a, b = folder + "/a.usd", folder + "/b.usd"
out = []
out.append(["write", name(oc.write_file(a, b"one"))])
out.append(["overwrite", name(oc.write_file(a, b"two"))])
out.append(["checkpoint", name(oc.create_checkpoint(a, "cp", True)[0])])
out.append(["lock", name(oc.lock(a))])
out.append(["unlock", name(oc.unlock(a))])
r, acls = oc.get_acls(a)
out.append(["set_acls", name(oc.set_acls(a, list(acls)))])
out.append(["move", name(oc.move(a, b)[0])])
out.append(["copy", name(oc.copy(b, a))])
out.append(["delete", name(oc.delete(a))])
out.append(["delete", name(oc.delete(b))])
finish(out)
