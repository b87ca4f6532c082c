"""Live objects end to end: our client against the original (from its own virtualenv), same
local server, same run, alternating; prints medians and ratios.

    python bench/bench_live_objects.py --original /path/to/venv/bin/python [--rounds 3]

Cases (each in a fresh interpreter that signs in first, untimed; writer and reader are one
process, so the time is from the first update sent to the last one received):
  * updates/s: one writer sending N 1 KiB updates back to back (callback forms), one reader
    (process_immediately=True) receiving them all;
  * latency p50/p99 at 100 updates/s (send → the reader's callback), in ms;
  * ours only: live_process() cost per queued update from Python (µs).
"""

import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import client_envs, compare  # noqa: E402

from omni.server.testing import running_server  # noqa: E402

SETUP = """
import threading, time, uuid
import omni.client
omni.client.set_log_level(omni.client.LogLevel.ERROR)
omni.client.set_retries(0, 0, 0)
_reg = omni.client.register_authentication_callback(lambda url: ({user!r}, {password!r}))
URL = {base!r} + "/" + uuid.uuid4().hex + ".live"
result, OID, _ = omni.client.live_create(URL, b"base")
assert result == omni.client.Result.OK, result
got, when = [], {{}}
cv = threading.Condition()
def on_read(result, object_id, sequence, content):
    with cv:
        got.append(sequence)
        when[sequence] = time.perf_counter()
        cv.notify_all()
def wait_for(count, seconds=120):
    with cv:
        assert cv.wait_for(lambda: len(got) >= count, seconds), len(got)
"""

THROUGHPUT = """
N = {count}
reader = omni.client.live_read_with_callback(URL, 0, 0, on_read, process_immediately=True)
wait_for(2)  # the state and LATEST
payload = b"u" * 1024
start = time.perf_counter()
requests = [omni.client.live_update_with_callback(URL, OID, payload, lambda *a: None) for _ in range(N)]
wait_for(2 + N)
print(N / (time.perf_counter() - start))
reader.stop()
omni.client.shutdown()
"""

LATENCY = """
reader = omni.client.live_read_with_callback(URL, 0, 0, on_read, process_immediately=True)
wait_for(2)
sent, requests = {{}}, []  # the original stops a request whose object is dropped
for i in range({count}):
    sent[i + 2] = time.perf_counter()
    requests.append(omni.client.live_update_with_callback(URL, OID, b"l" * 1024, lambda *a: None))
    time.sleep(0.01)
wait_for(2 + {count})
lat = sorted((when[s] - t) * 1000 for s, t in sent.items())
print(lat[len(lat) // 2], lat[int(len(lat) * 0.99)])
reader.stop()
omni.client.shutdown()
"""

PROCESS_COST = """
N = {count}
reader = omni.client.live_read_with_callback(URL, 0, 0, on_read, process_immediately=False)
wait_for(2)
queued = []
_q = omni.client.live_register_queued_callback(lambda *a: queued.append(1))
requests = [omni.client.live_update_with_callback(URL, OID, b"q" * 1024, lambda *a: None) for _ in range(N)]
omni.client.live_wait_for_pending_updates()
deadline = time.time() + 60
while len(queued) < N and time.time() < deadline:
    time.sleep(0.01)
start = time.perf_counter()
omni.client.live_process()
elapsed = time.perf_counter() - start
assert len(got) == 2 + N, len(got)
print(elapsed / N * 1e6)
reader.stop()
omni.client.shutdown()
"""


def run_in(python, env, program):
    out = subprocess.run([python, "-c", program], capture_output=True, text=True, env=env, timeout=600, cwd="/")
    if out.returncode != 0:
        raise RuntimeError(f"{python}: {out.stderr[-2000:]}")
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--original", required=True, help="python of a virtualenv with the baseline omni.client")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--updates", type=int, default=2000)
    args = parser.parse_args()

    ours_env, baseline_env = client_envs()

    with running_server() as server:
        setup = SETUP.format(user=server.admin_user, password=server.admin_password, base=server.url + "/bench")
        print(f"server {server.url}, {args.rounds} rounds, medians; ratio = ours / original")
        throughput = setup + THROUGHPUT.format(count=args.updates)
        compare(f"updates/s ({args.updates} x 1 KiB, 1 writer, 1 reader)",
                lambda: run_in(sys.executable, ours_env, throughput)[0],
                lambda: run_in(args.original, baseline_env, throughput)[0], args.rounds, baseline_label="original")
        latency = setup + LATENCY.format(count=300)
        for label, python, env in (("ours", sys.executable, ours_env), ("original", args.original, baseline_env)):
            runs = [run_in(python, env, latency) for _ in range(args.rounds)]
            print(f"latency at 100 updates/s, {label:<8} p50 {statistics.median(r[0] for r in runs):6.2f} ms"
                  f"   p99 {statistics.median(r[1] for r in runs):6.2f} ms")
        cost = setup + PROCESS_COST.format(count=args.updates)
        runs = [run_in(sys.executable, ours_env, cost)[0] for _ in range(args.rounds)]
        print(f"live_process() per queued update (ours, from Python): {statistics.median(runs):.2f} µs")


if __name__ == "__main__":
    main()
