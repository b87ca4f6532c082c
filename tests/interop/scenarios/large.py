"""Writes and reads through LFT (above the server's threshold)."""

import os
import random

import omni.client as oc
from common import URL, content, finish, name, setup, sha

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
out = {}
for size in [int(s) for s in os.environ["OMNI_TEST_SIZES"].split(",")]:
    data = random.Random(size).randbytes(size)
    url = f"{URL}/Large/file-{size}.bin"
    r = oc.write_file(url, data)
    r2, version, c = oc.read_file(url)
    r3, e = oc.stat(url)
    out[str(size)] = {"write": name(r), "read": name(r2), "sha_written": sha(data),
                      "sha_read": sha(content(c)), "stat_size": e.size, "stat": name(r3)}
finish(out)
