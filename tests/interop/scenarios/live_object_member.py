"""A writer or reader of live objects, driven by JSON lines on stdin; each command is
answered by one ``RESULT <json>`` line on stdout.  Run with the original client (and,
once ours has live objects, with ours: the same calls).

Commands: ``create {url, data (base64)}``; ``update_many {url, object_id, count, size,
seed, window}`` (updates back to back, at most ``window`` of them unanswered when given and
none sent after a failure, then waits for their answers: ``[result, sequence]`` each, in the
order sent, ``["NOT_SENT", 0]`` for those not sent, plus the sha256 of each payload); ``read {url, have_object_id,
have_sequence, immediately}``; ``events`` (``[result, object_id, sequence, size, sha256]``
per read callback so far); ``queued`` (the queued-callback calls so far); ``process``
(live_process); ``server_time {url}``; ``flags {url}`` (a stat's flags); ``stop_read``;
``log_pings`` (from now on, log at the Debug level); ``ping_log`` (the log lines so far
about pings and jitter reduction); ``quit``.
"""

import base64
import hashlib
import random
import threading

import omni.client as oc
from member_io import serve

_registrations = []
events, queued, ping_log = [], [], []
lock = threading.Lock()
state = {}


def on_read(result, object_id, sequence, content):
    data = b"" if content is None else bytes(memoryview(content))
    digest = hashlib.sha256(data).hexdigest()
    with lock:
        events.append([result.name, object_id, sequence, len(data), digest])


def on_queued(kind, result, url, object_id, sequence, server_time):
    with lock:
        queued.append([kind.name, result.name, object_id, sequence, server_time])


def on_log(thread, component, level, message):
    if "JitterReduction" in message or "omni_client_out_ts" in message:
        with lock:
            ping_log.append(message)


def payloads(seed, count, size):
    rng = random.Random(seed)
    return [rng.randbytes(size) for _ in range(count)]


def update_many(cmd):
    results = [None] * cmd["count"]
    datas = payloads(cmd["seed"], cmd["count"], cmd["size"])
    room = threading.Semaphore(cmd["window"]) if cmd.get("window") else None
    failed = threading.Event()
    requests = []
    for i, data in enumerate(datas):
        if room is not None:
            room.acquire()
            if failed.is_set():
                results[i:] = [["NOT_SENT", 0]] * (len(datas) - i)
                break

        def done(result, sequence, _reserved, i=i):
            results[i] = [result.name, sequence]
            if result != oc.Result.OK:
                failed.set()
            if room is not None:
                room.release()
        requests.append(oc.live_update_with_callback(cmd["url"], cmd["object_id"], data, done))
    for request in requests:
        request.wait()
    return {"results": results, "sha": [hashlib.sha256(d).hexdigest() for d in datas]}


def run(cmd):
    op = cmd["op"]
    if op == "create":
        result, object_id, sequence = oc.live_create(cmd["url"], base64.b64decode(cmd["data"]))
        return {"result": result.name, "object_id": object_id, "sequence": sequence}
    if op == "update_many":
        return update_many(cmd)
    if op == "read":
        state["read"] = oc.live_read_with_callback(
            cmd["url"], cmd.get("have_object_id", 0), cmd.get("have_sequence", 0), on_read,
            process_immediately=cmd.get("immediately", True))
        return {}
    if op == "events":
        with lock:
            return {"events": list(events)}
    if op == "queued":
        with lock:
            return {"queued": list(queued)}
    if op == "process":
        oc.live_process()
        return {}
    if op == "server_time":
        return {"time": oc.live_get_latest_server_time(cmd["url"])}
    if op == "flags":
        result, entry = oc.stat(cmd["url"])
        return {"result": result.name, "flags": int(entry.flags) if entry else None}
    if op == "log_pings":
        oc.set_log_level(oc.LogLevel.DEBUG)
        return {}
    if op == "ping_log":
        with lock:
            return {"log": list(ping_log)}
    if op == "stop_read":
        state.pop("read").stop()
        return {}
    raise ValueError(op)


def main():
    oc.set_log_callback(on_log)
    serve(oc, run, _registrations, extra=[lambda: oc.live_register_queued_callback(on_queued)])


if __name__ == "__main__":
    main()
