"""stat / list / read / write / create_folder / delete / copy / move, small files."""

import omni.client as oc
from common import URL, content, entry, finish, name, setup, sha
import os

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
base = URL + os.environ["OMNI_TEST_BASE"]
out = {}

r, info = oc.get_server_info(URL)
out["server_info"] = [name(r), {"username": info.username, "version": info.version,
                                "connection_id": info.connection_id,
                                "auth_token_set": bool(info.auth_token),
                                "checkpoints_enabled": info.checkpoints_enabled,
                                "omniojects_enabled": info.omniojects_enabled}]
r, e = oc.stat(URL + "/")
out["stat_root"] = [name(r), entry(e)]
out["mkdir"] = name(oc.create_folder(base))
out["mkdir_again"] = name(oc.create_folder(base))
out["mkdir_sub"] = name(oc.create_folder(base + "/sub"))
payload = b"hello from the original client\n"
out["write"] = name(oc.write_file(base + "/hello.txt", payload))
r, version, c = oc.read_file(base + "/hello.txt")
out["read"] = [name(r), version, content(c).decode()]
out["overwrite"] = name(oc.write_file(base + "/hello.txt", b"second version"))
r, version2, c = oc.read_file(base + "/hello.txt")
out["read2"] = [name(r), version2, content(c).decode()]
r, e = oc.stat(base + "/hello.txt")
out["stat_file"] = [name(r), entry(e)]
r, e = oc.stat(base + "/sub")
out["stat_folder"] = [name(r), entry(e)]
r, e = oc.stat(base + "/missing.txt")
out["stat_missing"] = name(r)
r, _, _ = oc.read_file(base + "/missing.txt")
out["read_missing"] = name(r)
out["write_nested"] = name(oc.write_file(base + "/sub/deep/x.bin", bytes(range(256)) * 4))
r, _, c = oc.read_file(base + "/sub/deep/x.bin")
out["read_nested"] = [name(r), sha(content(c))]
out["copy"] = name(oc.copy(base + "/hello.txt", base + "/copy.txt"))
out["copy_exists"] = name(oc.copy(base + "/hello.txt", base + "/copy.txt"))
out["copy_overwrite"] = name(oc.copy(base + "/sub/deep/x.bin", base + "/copy.txt",
                                     oc.CopyBehavior.OVERWRITE))
r, _, c = oc.read_file(base + "/copy.txt")
out["read_copy"] = [name(r), sha(content(c))]
r, _ = oc.move(base + "/copy.txt", base + "/moved.txt")
out["move"] = name(r)
r, _, c = oc.read_file(base + "/moved.txt")
out["read_moved"] = [name(r), sha(content(c))]
r, _ = oc.move(base + "/sub", base + "/sub2")
out["move_folder"] = name(r)
r, _, c = oc.read_file(base + "/sub2/deep/x.bin")
out["read_in_moved_folder"] = [name(r), sha(content(c))]
out["copy_folder"] = name(oc.copy(base + "/sub2", base + "/sub3"))
r, _, c = oc.read_file(base + "/sub3/deep/x.bin")
out["read_in_copied_folder"] = [name(r), sha(content(c))]
r, entries = oc.list(base)
out["list"] = [name(r), sorted(entry(e)["relative_path"] for e in entries)]
out["delete_file"] = name(oc.delete(base + "/moved.txt"))
out["delete_folder"] = name(oc.delete(base + "/sub3"))
r, entries = oc.list(base)
out["list_after_delete"] = [name(r), sorted(e.relative_path for e in entries)]
r, _, _ = oc.read_file(base + "/moved.txt")
out["read_deleted"] = name(r)
finish(out)
