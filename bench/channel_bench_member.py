"""One channel member for bench/bench_channels.py, run by whichever Python has the client to
measure (ours: this checkout's; the original: tests/interop's virtualenv).

    channel_bench_member.py <channel url> <user> <password> recv <count>
    channel_bench_member.py <channel url> <user> <password> send <count> <size> <rate per s, 0: back to back>

Each payload starts with its number and its send time (two little-endian u64, time.time_ns(),
one clock for every process on the machine). A receiver prints READY once joined, then, once
it has ``count`` messages, ``RESULT {"first", "last", "latency_ns": [...]}`` (receive times and
per-message latencies). A sender prints READY once joined, waits for a line on stdin, sends,
waits for every answer and prints ``RESULT {"start", "end", "results"}``."""

import json
import struct
import sys
import threading
import time

import omni.client as oc

url, user, password, role, count = sys.argv[1:6]
count = int(count)
keep = oc.register_authentication_callback(lambda prefix: (user, password))
oc.set_retries(0, 0, 0)
joined, done = threading.Event(), threading.Event()
received = []  # (receive ns, send ns)


def on_event(result, event, sender, content):
    if event == oc.ChannelEvent.MESSAGE and content is not None and len(memoryview(content)) >= 16:
        _, sent_ns = struct.unpack_from("<QQ", memoryview(content))
        received.append((time.time_ns(), sent_ns))
        if len(received) == count:
            done.set()
    joined.set()


join = oc.join_channel_with_callback(url, on_event)
assert joined.wait(30), "could not join"
print("READY", flush=True)
if role == "recv":
    done.wait(600)
    print("RESULT " + json.dumps({"first": received[0][0], "last": received[-1][0],
                                  "latency_ns": [r - s for r, s in received]}), flush=True)
else:
    size, rate = int(sys.argv[6]), float(sys.argv[7])
    pad = b"\0" * max(0, size - 16)
    sys.stdin.readline()
    results, requests = [], []
    start = time.time_ns()
    for i in range(count):
        if rate:
            delay = start / 1e9 + i / rate - time.time()
            if delay > 0:
                time.sleep(delay)
        requests.append(oc.send_message_with_callback(join.id, struct.pack("<QQ", i, time.time_ns()) + pad,
                                                      lambda result: results.append(result.name)))
    for request in requests:
        request.wait()
    print("RESULT " + json.dumps({"start": start, "end": time.time_ns(), "results": sorted(set(results))}), flush=True)
join.stop()
oc.shutdown()
