"""stat_subscribe_with_callback and list_subscribe_with_callback on local files (inotify), driven by
changes that another process makes, with the events the original reports."""

import os
import subprocess
import threading

import omni.client
from omni.client import ListEvent, Result

from behavior_helpers import Recorder
from file_helpers import run_python

CREATED, UPDATED, DELETED = ListEvent.CREATED, ListEvent.UPDATED, ListEvent.DELETED


def shell(cmd):
    """A change made by another process."""
    subprocess.run(["bash", "-c", cmd], check=True)


def kinds(events, name):
    return [e[1] for e in events if e[2] == name]


def test_stat_subscribe_reports_a_file_through_its_life(d):
    f = f"{d}/w.txt"
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(f, r.on_first, r.on_event)
    result, entry = r.next_first()
    assert (result, entry.relative_path) == (Result.OK_NOT_YET_FOUND, "")
    shell(f"echo hi > {f}")
    ev = r.until(lambda e: e[3] == 3 and e[4] == 3)
    assert ev[0][:3] == (Result.OK, CREATED, "w.txt")
    assert set(kinds(ev[1:], "w.txt")) <= {UPDATED}
    shell(f"echo more >> {f}")
    assert r.until(lambda e: e[4] == 8)[-1] == (Result.OK, UPDATED, "w.txt", 3, 8)
    shell(f"chmod 600 {f}")
    assert r.until(lambda e: True)[-1][:3] == (Result.OK, UPDATED, "w.txt")
    shell(f"mv {f} {d}/other.txt")
    assert r.until(lambda e: True)[-1] == (Result.OK, DELETED, "w.txt", 0, 0)
    shell(f"mv {d}/other.txt {f}")
    assert r.until(lambda e: True)[-1] == (Result.OK, CREATED, "w.txt", 3, 8)
    shell(f"rm {f}")
    assert r.until(lambda e: True)[-1] == (Result.OK, DELETED, "w.txt", 0, 0)
    shell(f"echo x > {d}/unrelated")
    assert r.quiet() == []
    sub.stop()
    shell(f"echo again > {f}")
    assert r.quiet() == []
    assert threading.get_ident() not in r.threads and len(r.threads) == 1


def test_stat_subscribe_existing_file_and_folder(d):
    os.mkdir(f"{d}/sub")
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(f"{d}/sub", r.on_first, r.on_event)
    result, entry = r.next_first()
    assert (result, entry.relative_path, entry.flags) == (Result.OK, "sub", 4)
    shell(f"echo y > {d}/sub/q")  # inside the folder: not a change of the folder's entry
    assert r.quiet() == []
    shell(f"rm -r {d}/sub")
    assert r.until(lambda e: True) == [(Result.OK, DELETED, "sub", 0, 0)]
    sub.stop()


def created(r, size) -> list:
    """Waits for the file to be reported created and then holding `size` bytes; returns the events
    before its CREATED. (The shell creates a file, then writes it: the watcher may see it empty
    first, and then report the write as an UPDATED.)"""
    events = r.until(lambda e: e[1] in (CREATED, UPDATED) and e[4] == size)
    first = next(i for i, e in enumerate(events) if e[1] == CREATED)
    assert events[first][:4] == (Result.OK, CREATED, "f.txt", 3), events
    assert all(e[1] == UPDATED for e in events[first + 1:]), events
    return events[:first]


def test_stat_subscribe_below_missing_folders_follows_them_coming_and_going(d):
    # Observed with the original: OK_NOT_YET_FOUND, then CREATED once the folders and the file
    # appear, UPDATED, DELETED when the whole tree goes, CREATED when it comes back.
    f = f"{d}/a/b/f.txt"
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(f, r.on_first, r.on_event)
    assert r.next_first()[0] == Result.OK_NOT_YET_FOUND
    shell(f"mkdir {d}/a && mkdir {d}/a/b")
    assert r.quiet() == []
    shell(f"echo x > {f}")
    assert created(r, 2) == []
    shell(f"echo xy > {f}")
    assert r.until(lambda e: e[4] == 3)[-1] == (Result.OK, UPDATED, "f.txt", 3, 3)
    shell(f"rm -r {d}/a")
    assert r.until(lambda e: True) == [(Result.OK, DELETED, "f.txt", 0, 0)]
    # Folders and file made in one go, faster than the watcher can follow each folder.
    shell(f"mkdir -p {d}/a/b && echo abc > {f}")
    assert created(r, 4) == []
    # Its folder moved away and another put in its place (the original reports the same); what
    # then happens in the moved folder is no longer this path's business.
    shell(f"mv {d}/a/b {d}/a/c && mkdir {d}/a/b && echo z > {f}")
    assert created(r, 2) == [(Result.OK, DELETED, "f.txt", 0, 0)]
    shell(f"echo zzzz > {f} && echo zzzzzzz > {d}/a/c/f.txt")
    assert r.until(lambda e: True) == [(Result.OK, UPDATED, "f.txt", 3, 5)]
    assert r.quiet() == []
    sub.stop()


def test_stat_subscribe_where_a_file_stands_in_the_way(d):
    # A file named like a folder on the way: nothing can be there until it goes.
    shell(f"echo x > {d}/a")
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(f"{d}/a/b/f.txt", r.on_first, r.on_event)
    assert r.next_first()[0] == Result.ERROR_WRONG_TYPE
    sub.stop()
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(f"{d}/q/a/f.txt", r.on_first, r.on_event)
    assert r.next_first()[0] == Result.OK_NOT_YET_FOUND
    shell(f"mkdir {d}/q && echo x > {d}/q/a")  # the watcher must not spin on it
    assert r.quiet() == []
    shell(f"rm {d}/q/a && mkdir {d}/q/a && echo abc > {d}/q/a/f.txt")
    assert created(r, 4) == []
    sub.stop()


def test_list_subscribe_reports_the_folder_items(d):
    r = Recorder()
    sub = omni.client.list_subscribe_with_callback(d, r.on_first, r.on_event)
    assert r.next_first() == (Result.OK, [])
    shell(f"echo hi > {d}/a.txt")
    assert r.until(lambda e: e[4] == 3)[0][:3] == (Result.OK, CREATED, "a.txt")
    shell(f"mkdir {d}/sub")
    assert r.until(lambda e: True) == [(Result.OK, CREATED, "sub", 4, os.stat(f"{d}/sub").st_size)]
    shell(f"echo x > {d}/sub/inner")  # below an item: not reported
    assert r.quiet() == []
    # A move shows as DELETED then CREATED.
    shell(f"mv {d}/a.txt {d}/b.txt")
    ev = r.until(lambda e: e[2] == "b.txt")
    assert [(e[1], e[2]) for e in ev] == [(DELETED, "a.txt"), (CREATED, "b.txt")]
    # An atomic replace by another program updates the name it replaces.
    shell(f"echo new > {d}/tmpx && mv {d}/tmpx {d}/b.txt")
    ev = r.until(lambda e: e[2] == "b.txt")
    assert ev[-1] == (Result.OK, UPDATED, "b.txt", 3, 4)
    assert set(kinds(ev, "tmpx")) <= {CREATED, UPDATED, DELETED}
    shell(f"rm -r {d}/sub {d}/b.txt")
    ev = r.until(lambda e: len(e) and e[2] in ("sub", "b.txt") and e[1] == DELETED) + r.quiet()
    assert sorted((e[1], e[2]) for e in ev) == [(DELETED, "b.txt"), (DELETED, "sub")]
    sub.stop()


def test_list_subscribe_errors_and_lost_folder(d):
    r = Recorder()
    open(f"{d}/file", "w").close()
    omni.client.list_subscribe_with_callback(f"{d}/file", r.on_first, r.on_event)  # as the original: not found
    assert r.next_first() == (Result.ERROR_NOT_FOUND, [])
    os.mkdir(f"{d}/wd")
    sub = omni.client.list_subscribe_with_callback(f"{d}/wd", r.on_first, r.on_event)
    assert r.next_first() == (Result.OK, [])
    shell(f"rm -r {d}/wd")
    assert r.until(lambda e: True) == [(Result.ERROR_ACCESS_LOST, ListEvent.UNKNOWN, "", 0, 0)]
    shell(f"mkdir {d}/wd && touch {d}/wd/again")
    assert r.quiet() == []
    sub.stop()


def test_many_subscriptions_share_one_watcher_thread(d):
    def threads():  # native ones included
        return len(os.listdir("/proc/self/task"))

    omni.client.stat_with_callback(d, None).wait()  # the library's own threads exist already
    threads_before = threads()
    lists = [Recorder() for _ in range(50)]
    stats = [Recorder() for _ in range(50)]
    subs = [omni.client.list_subscribe_with_callback(d, r.on_first, r.on_event) for r in lists]
    subs += [omni.client.stat_subscribe_with_callback(f"{d}/x", r.on_first, r.on_event) for r in stats]
    for r in lists:
        assert r.next_first()[0] == Result.OK
    for r in stats:
        assert r.next_first()[0] == Result.OK_NOT_YET_FOUND
    assert threads() <= threads_before + 1  # one watcher thread, whatever the count
    shell(f"echo x > {d}/x")
    for r in lists + stats:
        # The creation comes first; the write may show as an update after it.
        assert r.until(lambda e: True)[0][:3] == (Result.OK, CREATED, "x")
    for s in subs:
        s.stop()


def test_subscription_callbacks_get_the_flags_of_the_original(d):
    r = Recorder()
    sub = omni.client.list_subscribe_with_callback(d, r.on_first, r.on_event)
    r.next_first()
    shell(f"mkfifo {d}/p")
    assert r.until(lambda e: True) == [(Result.OK, CREATED, "p", 3, 0)]
    sub.stop()


def test_shutdown_with_subscriptions_open_ends_cleanly(d):
    proc = run_python(
        """
        import sys, omni.client
        d = sys.argv[1]
        firsts = []
        subs = [omni.client.list_subscribe_with_callback(d, lambda *a: firsts.append(a[0]), lambda *a: None) for _ in range(5)]
        subs.append(omni.client.stat_subscribe_with_callback(d + "/x", lambda *a: firsts.append(a[0]), lambda *a: None))
        for s in subs:
            pass
        import time
        deadline = time.time() + 10
        while len(firsts) < 6 and time.time() < deadline:
            time.sleep(0.01)
        omni.client.shutdown()
        print(sorted(str(r) for r in firsts), all(s.is_finished() for s in subs))
        """, d)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[0] == "['Result.OK', 'Result.OK', 'Result.OK', 'Result.OK', 'Result.OK', 'Result.OK_NOT_YET_FOUND'] True"
