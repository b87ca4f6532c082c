"""create_with_hash and write_file_ex hashes."""

import hashlib
import os

import omni.client as oc
from common import URL, content, entry, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
base = URL + os.environ["OMNI_TEST_BASE"]
data = b"content the server already has"
out = {}
r, info = oc.write_file_ex(base + "/source.bin", data)
out["write_ex"] = [name(r), info.hash]
r, e = oc.stat(base + "/source.bin")
out["stat_hash"] = [name(r), entry(e)["hash"]]
known = f"sha256;{len(data)};{hashlib.sha256(data).hexdigest()}"
r, version, h = oc.create_with_hash(base + "/by-hash.bin", known, False)
out["create_with_hash"] = [name(r), h]
r, _, c = oc.read_file(base + "/by-hash.bin")
out["read"] = [name(r), content(c).decode()]
r, _, _ = oc.create_with_hash(base + "/by-hash.bin", known, False)
out["create_again"] = name(r)
r, _, _ = oc.create_with_hash(base + "/by-hash.bin", known, True)
out["create_overwrite"] = name(r)
unknown = f"sha256;5;{hashlib.sha256(b'never').hexdigest()}"
r, _, _ = oc.create_with_hash(base + "/unknown.bin", unknown, False)
out["create_unknown"] = name(r)
r, _ = oc.stat(base + "/unknown.bin")
out["stat_unknown"] = name(r)
out["expected"] = known
finish(out)
