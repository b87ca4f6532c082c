"""Observes a folder of an S3 bucket or Azure container: list, a stat of each entry and of a
missing name, a read of each file. Run by both clients (test_interop_cloud.py), the same script."""

import hashlib
from urllib.parse import quote

import omni.client as oc
from common import URL, finish, name, setup

setup()
out = {}
result, entries = oc.list(URL)
out["list"] = [name(result), sorted([e.relative_path, e.size, e.version, bool(e.flags & oc.ItemFlags.CAN_HAVE_CHILDREN)]
                                    for e in entries)]
out["stat"], out["read"] = {}, {}
for e in entries:
    url = URL + "/" + quote(e.relative_path)
    result, st = oc.stat(url)
    out["stat"][e.relative_path] = [name(result), st.size, st.version]
    if not e.flags & oc.ItemFlags.CAN_HAVE_CHILDREN:
        result, version, content = oc.read_file(url)
        out["read"][e.relative_path] = [name(result), version, hashlib.sha256(memoryview(content)).hexdigest()]
out["missing"] = name(oc.stat(URL + "/missing.txt")[0])
finish(out)
