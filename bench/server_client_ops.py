"""One benchmark worker: NVIDIA's original client (run inside the interop
virtualenv) doing one kind of operation against our server.

usage: server_client_ops.py URL USER PASSWORD MODE SECONDS START_AT WORKER
Prints one JSON line: {"ops": n, "bytes": b, "seconds": s}.
"""

import json
import os
import random
import sys
import time

import omni.client as oc

url, user, password, mode, seconds, start_at, worker = sys.argv[1:8]
seconds, start_at = float(seconds), float(start_at)
oc.set_retries(0, 0, 0)
registration = oc.register_authentication_callback(lambda prefix: (user, password))
assert oc.get_server_info(url)[0] == oc.Result.OK  # connect before the clock starts

base = f"{url}/bench"
data4k = random.Random(int(worker)).randbytes(4096)
big = random.Random(64).randbytes(64 << 20)


def stat(i):
    assert oc.stat(f"{base}/list100/f{i % 100:03}")[0] == oc.Result.OK
    return 0


def listing(i):
    r, entries = oc.list(f"{base}/list100")
    assert r == oc.Result.OK and len(entries) == 100
    return 0


def read4k(i):
    r, _, content = oc.read_file(f"{base}/list100/f{i % 100:03}")
    assert r == oc.Result.OK
    return len(memoryview(content))


def write4k(i):
    assert oc.write_file(f"{base}/w{worker}/f{i % 1000}", data4k) == oc.Result.OK
    return 4096


def big_write(i):
    assert oc.write_file(f"{base}/big{worker}.bin", big) == oc.Result.OK
    return len(big)


def big_read(i):
    r, _, content = oc.read_file(f"{base}/big0.bin")
    assert r == oc.Result.OK and len(memoryview(content)) == len(big)
    return len(big)


if mode == "setup":  # the files the read benchmarks use
    for i in range(100):
        assert oc.write_file(f"{base}/list100/f{i:03}", data4k) == oc.Result.OK
    assert oc.write_file(f"{base}/big0.bin", big) == oc.Result.OK
    print(json.dumps({"ops": 0, "bytes": 0, "seconds": 0}), flush=True)
    oc.shutdown()
    sys.exit(0)

op = {"stat": stat, "list": listing, "read4k": read4k, "write4k": write4k,
      "big_write": big_write, "big_read": big_read}[mode]
while time.time() < start_at:
    time.sleep(0.001)
t0 = time.perf_counter()
ops = nbytes = 0
while True:
    nbytes += op(ops)
    ops += 1
    elapsed = time.perf_counter() - t0
    if elapsed >= seconds:
        break
print(json.dumps({"ops": ops, "bytes": nbytes, "seconds": elapsed}), flush=True)
oc.shutdown()
