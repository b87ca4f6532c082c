"""Live objects end to end: our client against the original (from its own virtualenv), same
local server, same run, alternating (who goes first changes every round); prints medians over
rounds, each round's own figures too (machines here are shared and noisy).

    python bench/bench_live_objects.py [--original /path/to/venv/bin/python] [--rounds 3]
                                       [--updates 2000] [--sustained 20000] [--window 1000]
                                       [--paced 1000]

Ours is this checkout's client (python/, with the module built into it); the original is --original's
interpreter, else the one in the virtualenv the interop tests made.

Cases (each in a fresh interpreter that signs in first, untimed; writer and reader are one
process, so the time is from the first update sent to the last one received):
  * updates/s: one writer sending N 1 KiB updates back to back (callback forms), one reader
    (process_immediately=True) receiving them all;
  * the same, sustained: --sustained updates by a writer that waits, once --window of them are
    unanswered, until half of them are (the original's rate falls as its unanswered updates
    pile up: 20,000 sent at once went at 3.6k/s, with at most 2,000 unanswered at 7.5k/s;
    ours at 9.3k and 9.0k);
  * latency p50/p99 at 100 updates/s, --paced of them on a fixed schedule (send → the reader's
    callback), in ms; both clients run at the same time (each on an object of its own), so
    that whatever else loads the machine weighs on both alike;
  * ours only: live_process() cost per queued update from Python (µs).
The throughput cases also give the CPU each update costs: the client process's while it sends
and receives, the server's (all its threads) over the run, less what a run without updates costs
it (the client's start, sign-in and object).
"""

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ours is this checkout's client, whatever PYTHONPATH says (client_envs passes sys.path on)
sys.path[:0] = [str(ROOT / "python"), str(Path(__file__).parent)]
from harness import client_envs, original_python  # noqa: E402

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
N, W = {count}, {window}
# with a window, the writer waits once W updates are unanswered until half of them are
unanswered = 0
answers = threading.Condition()
def windowed(*args):
    global unanswered
    with answers:
        unanswered -= 1
        if unanswered == W // 2:
            answers.notify()
answered = windowed if W else (lambda *args: None)
reader = omni.client.live_read_with_callback(URL, 0, 0, on_read, process_immediately=True)
wait_for(2)  # the state and LATEST
payload = b"u" * 1024
import resource
def cpu_s():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
start, start_cpu = time.perf_counter(), cpu_s()
requests = []
for _ in range(N):
    if W:
        with answers:
            if unanswered >= W:
                answers.wait_for(lambda: unanswered <= W // 2)
            unanswered += 1
    requests.append(omni.client.live_update_with_callback(URL, OID, payload, answered))
wait_for(2 + N)
print(N / (time.perf_counter() - start), (cpu_s() - start_cpu) / N * 1e6)
omni.client.live_wait_for_pending_updates()  # every answer in before stopping
reader.stop()
omni.client.shutdown()
"""

LATENCY = """
reader = omni.client.live_read_with_callback(URL, 0, 0, on_read, process_immediately=True)
wait_for(2)
sent, requests = {{}}, []  # the original stops a request whose object is dropped
start = time.perf_counter()
for i in range({count}):
    delay = start + i / 100 - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    sent[i + 2] = time.perf_counter()
    requests.append(omni.client.live_update_with_callback(URL, OID, b"l" * 1024, lambda *a: None))
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


def start(python, env, program):
    return subprocess.Popen([python, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd="/")


def figures_of(process):
    """The numbers on the last line ``process`` prints."""
    out, err = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"{process.args[0]}: {err[-2000:]}")
    return [float(x) for x in out.strip().splitlines()[-1].split()]


def run_in(python, env, program):
    return figures_of(start(python, env, program))


def together(rounds, clients, program):
    """Runs ``program`` with every client at once (each on an object of its own), ``rounds``
    times; label -> the list of results."""
    results = {label: [] for label in clients}
    for _ in range(rounds):
        running = {label: start(python, env, program) for label, (python, env) in clients.items()}
        for label, process in running.items():
            results[label].append(figures_of(process))
    return results


def process_cpu_s(pid):
    """CPU seconds a process has used, all its threads (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alternating(rounds, cases):
    """Runs each of ``cases`` (label -> callable) once a round, who goes first changing every
    round; label -> the list of results."""
    results = {label: [] for label in cases}
    for round_ in range(rounds):
        for label, case in list(cases.items())[::(-1) ** round_]:
            results[label].append(case())
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--original", help="python of a virtualenv with the original omni.client "
                                           "(default: tests/interop's)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--updates", type=int, default=2000, help="updates of the burst case")
    parser.add_argument("--sustained", type=int, default=20000, help="updates of the windowed case")
    parser.add_argument("--window", type=int, default=1000,
                        help="most updates the windowed case's writer leaves unanswered")
    parser.add_argument("--paced", type=int, default=1000, help="updates of the latency case")
    args = parser.parse_args()
    if not list((ROOT / "python" / "omni" / "client").glob("_omniclient*.so")):
        sys.exit("bench: build the client first and copy its module into python/omni/client/")
    from omni.server.testing import running_server

    original = original_python(args.original)
    ours_env, baseline_env = client_envs()
    clients = {"ours": (sys.executable, ours_env), "original": (original, baseline_env)}

    def cases(program, server_pid, fixed):
        """label -> a run of ``program`` by that client: its figures, then the server's CPU
        seconds during the run, less ``fixed[label]`` (what a run costs it without updates)."""
        def case(python, env, label):
            before = process_cpu_s(server_pid)
            return run_in(python, env, program) + [process_cpu_s(server_pid) - before - fixed[label]]
        return {label: (lambda python=python, env=env, label=label: case(python, env, label))
                for label, (python, env) in clients.items()}

    with running_server() as server:
        setup = SETUP.format(user=server.admin_user, password=server.admin_password, base=server.url + "/bench")
        print(f"server {server.url}, {args.rounds} rounds, medians; ratio = ours / original")
        # the server's CPU for a client's start, sign-in (a password hash) and object: not per update
        idle = alternating(3, cases(setup + "print(0)\nomni.client.shutdown()\n", server.process.pid,
                                    {label: 0 for label in clients}))
        fixed = {label: statistics.median(r[1] for r in runs) for label, runs in idle.items()}
        for what, count, window in ((f"{args.updates} x 1 KiB at once", args.updates, 0),
                                    (f"{args.sustained} x 1 KiB, at most {args.window} unanswered",
                                     args.sustained, args.window)):
            rates = alternating(args.rounds, cases(setup + THROUGHPUT.format(count=count, window=window),
                                                   server.process.pid, fixed))
            ours, theirs = ([r[0] for r in rates[label]] for label in ("ours", "original"))
            print(f"updates/s ({what}; 1 writer, 1 reader): ours {statistics.median(ours):.0f}, "
                  f"original {statistics.median(theirs):.0f}, "
                  f"ratio {statistics.median(ours) / statistics.median(theirs):.2f}x"
                  f"  (rounds: {', '.join(f'{a:.0f}/{b:.0f}' for a, b in zip(ours, theirs))})")
            cpu = {label: (statistics.median(r[1] for r in runs), statistics.median(r[2] / count * 1e6 for r in runs))
                   for label, runs in rates.items()}
            print(f"  CPU per update, µs: ours {cpu['ours'][0]:.1f} (client) + {cpu['ours'][1]:.1f} (server), "
                  f"original {cpu['original'][0]:.1f} + {cpu['original'][1]:.1f}")
        latencies = together(args.rounds, clients, setup + LATENCY.format(count=args.paced))
        for label, runs in latencies.items():
            print(f"latency at 100 updates/s, {label:<8} p50 {statistics.median(r[0] for r in runs):6.2f} ms"
                  f"   p99 {statistics.median(r[1] for r in runs):6.2f} ms"
                  f"  (rounds p50/p99: {', '.join(f'{a:.2f}/{b:.2f}' for a, b in runs)})")
        cost = setup + PROCESS_COST.format(count=args.updates)
        runs = [run_in(sys.executable, ours_env, cost)[0] for _ in range(args.rounds)]
        print(f"live_process() per queued update (ours, from Python): {statistics.median(runs):.2f} µs"
              f"  (rounds: {', '.join(f'{r:.2f}' for r in runs)})")


if __name__ == "__main__":
    main()
