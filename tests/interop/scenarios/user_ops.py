"""What a non-administrator may and may not do (after admin_ops.py set things up)."""

import os

import omni.client as oc
from common import URL, content, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
out = {}
r, _, c = oc.read_file(URL + "/Shared/doc.txt")
out["read_shared"] = [name(r), content(c).decode(errors="replace")]
r, entries = oc.list(URL + "/Shared")
out["list_shared"] = [name(r), sorted(e.relative_path for e in entries)]
r, e = oc.stat(URL + "/Shared/doc.txt")
out["stat_shared"] = [name(r), int(e.access) if e else None]
out["write_shared"] = name(oc.write_file(URL + "/Shared/new.txt", b"from user"))
r, _, _ = oc.read_file(URL + "/Private/secret.txt")
out["read_private"] = name(r)
r, entries = oc.list(URL + "/Private")
out["list_private"] = [name(r), len(entries)]
out["write_private"] = name(oc.write_file(URL + "/Private/mine.txt", b"x"))
out["delete_private"] = name(oc.delete(URL + "/Private/secret.txt"))
out["mkdir_root"] = name(oc.create_folder(URL + "/UserMade"))
r, entries = oc.list(URL + "/")
out["list_root"] = [name(r), sorted(e.relative_path for e in entries)]
home = URL + "/Users/" + os.environ["OMNI_TEST_USER"]
out["write_home"] = name(oc.write_file(home + "/note.txt", b"my note"))
r, _, c = oc.read_file(home + "/note.txt")
out["read_home"] = [name(r), content(c).decode(errors="replace")]
out["create_group"] = name(oc.create_group(URL, "users-cannot"))
out["set_acls_shared"] = name(oc.set_acls(URL + "/Shared", [oc.AclEntry(os.environ["OMNI_TEST_USER"], oc.AccessFlags.ADMIN)]))
finish(out)
