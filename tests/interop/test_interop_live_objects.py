"""Live objects with the original client as writer and reader, in separate processes,
through our server: the state, OK_LATEST, then every update once, in order, byte for byte;
resuming with the numbers a reader has; the queue (nothing delivered before live_process,
the queued callback and server time); and kill -9 of the server during 1,000 updates:
every acknowledged update is there after the restart."""

import base64
import random
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from omni.server.app import Settings
from omni.server.testing import start_server

from members import LIVE_OBJECT_SCRIPT, Member, sha

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))
from omni1_test_client import store_rows  # noqa: E402


@pytest.fixture
def members(server, client_python):
    """``members(n)`` original clients, or ``members(ours=[...])`` one per flag (True: ours)."""
    made = []

    def make(n=1, ours=None):
        new = [Member(client_python, server, server.admin_user, server.admin_password, ours=o,
                      script=LIVE_OBJECT_SCRIPT) for o in (ours or [False] * n)]
        made.extend(new)
        return new if len(new) > 1 else new[0]
    yield make
    for member in made:
        member.close()


def create(member, url, data):
    made = member.call("create", url=url, data=base64.b64encode(data).decode())
    assert (made["result"], made["sequence"]) == ("OK", 1), made
    return made["object_id"]


def wait_events(member, count, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        seen = member.call("events")["events"]
        if len(seen) >= count or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def wait_processed(member, count, seconds=30):
    """``wait_events`` of a reader through the live queue: it is processed meanwhile."""
    deadline = time.monotonic() + seconds
    while True:
        member.call("process")
        seen = member.call("events")["events"]
        if len(seen) >= count or time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


# The original as reader goes through its live queue: delivering at once, it sometimes swaps two
# neighbours of a burst (seen with ours as writer: 40 before 39, while our server had queued each
# subscription's pushes in order on its socket); live_process delivers in the server's order.
@pytest.mark.parametrize("writer_ours,reader_ours", [(False, False), (True, False), (False, True)],
                         ids=["original-original", "ours-original", "original-ours"])
def test_every_update_once_in_order_byte_exact(members, writer_ours, reader_ours):
    writer, reader = members(ours=[writer_ours, reader_ours])
    url = writer.url(f"/Live/layer-{int(writer_ours)}{int(reader_ours)}.live")
    base = random.randbytes(5000)
    oid = create(writer, url, base)
    reader.call("read", url=url, immediately=reader_ours)
    wait = wait_events if reader_ours else wait_processed
    state = wait(reader, 2)
    assert state == [["OK", oid, 1, len(base), sha(base)], ["OK_LATEST", oid, 0, 0, sha(b"")]]
    sent = writer.call("update_many", url=url, object_id=oid, count=300, size=1024, seed=1)
    assert [r for r, _ in sent["results"]] == ["OK"] * 300
    assert [s for _, s in sent["results"]] == list(range(2, 302))  # one per update, in order
    got = wait(reader, 302)[2:]
    assert got == [["OK", oid, n, 1024, digest] for n, digest in zip(range(2, 302), sent["sha"])]
    time.sleep(0.5)
    assert len(wait(reader, 303, seconds=0)) == 302  # nothing twice


def test_the_original_reading_at_once_gets_every_update_once_byte_exact(members):
    """The original delivering at once (its order aside, see above): each version once, whole."""
    writer, reader = members(ours=[True, False])
    url = writer.url("/Live/at-once.live")
    oid = create(writer, url, b"base")
    reader.call("read", url=url)
    assert len(wait_events(reader, 2)) == 2
    sent = writer.call("update_many", url=url, object_id=oid, count=300, size=1024, seed=2)
    got = wait_events(reader, 302)[2:]
    assert sorted(got, key=lambda e: e[2]) == \
        [["OK", oid, n, 1024, digest] for n, digest in zip(range(2, 302), sent["sha"])]
    time.sleep(0.5)
    assert len(reader.call("events")["events"]) == 302  # nothing twice


def test_resuming_with_have_numbers_sends_only_the_rest(members):
    writer, reader = members(2)
    url = writer.url("/Live/resume.live")
    oid = create(writer, url, b"v1")
    sent = writer.call("update_many", url=url, object_id=oid, count=5, size=64, seed=2)
    reader.call("read", url=url, have_object_id=oid, have_sequence=3)
    got = wait_events(reader, 4)
    assert got == [["OK", oid, 4, 64, sent["sha"][2]], ["OK", oid, 5, 64, sent["sha"][3]],
                   ["OK", oid, 6, 64, sent["sha"][4]], ["OK_LATEST", oid, 0, 0, sha(b"")]]
    reader.call("stop_read")
    up_to_date = members()
    up_to_date.call("read", url=url, have_object_id=oid, have_sequence=6)
    assert [e[0] for e in wait_events(up_to_date, 1)] == ["OK_LATEST"]


@pytest.mark.parametrize("reader_ours", [False, True], ids=["original", "ours"])
def test_queued_updates_wait_for_live_process(members, reader_ours):
    writer, reader = members(ours=[False, reader_ours])
    url = writer.url(f"/Live/queued-{int(reader_ours)}.live")
    oid = create(writer, url, b"v1")
    reader.call("read", url=url, immediately=False)
    wait_events(reader, 2)  # the state and LATEST are not held back
    before = time.time_ns() // 1000
    sent = writer.call("update_many", url=url, object_id=oid, count=3, size=100, seed=3)
    deadline = time.monotonic() + 20
    while len(reader.call("queued")["queued"]) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    queued = reader.call("queued")["queued"]
    assert [(q[0], q[1], q[2], q[3]) for q in queued[:3]] == \
        [("REMOTE", "OK", oid, n) for n in (2, 3, 4)]
    assert all(q[4] >= before - 5_000_000 for q in queued[:3])  # server times, µs
    assert len(reader.call("events")["events"]) == 2  # held for live_process
    server_time = reader.call("server_time", url=url)["time"]
    assert abs(server_time - time.time_ns() // 1000) < 60_000_000
    time.sleep(1.2)  # past the client's jitter delay
    reader.call("process")
    got = wait_events(reader, 5)[2:]
    assert got == [["OK", oid, n, 100, d] for n, d in zip((2, 3, 4), sent["sha"])]


def test_the_originals_ping_socket_signs_in_and_gets_the_times_it_needs(members):
    """The original opens a second socket for pings once live objects are used, signs it in
    with ``auth`` and the connection's token, and needs each ping answered with its send
    time echoed and the server's receive and send times (else it logs JitterReduction
    warnings and has no server clock; its updates then carry no ``est``)."""
    writer = members()
    writer.call("log_pings")
    url = writer.url("/Live/pings.live")
    oid = create(writer, url, b"v1")
    assert writer.call("update_many", url=url, object_id=oid, count=3, size=10, seed=6)["results"] == \
        [["OK", 2], ["OK", 3], ["OK", 4]]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        log = writer.call("ping_log")["log"]
        answers = [line for line in log if "omni_server_out_ts" in line]
        if answers:
            break
        time.sleep(0.2)
    assert not [line for line in log if "JitterReduction" in line], log
    assert all("omni_server_in_ts" in line for line in answers) and answers, log


def test_large_objects_go_over_lft_and_objects_stat_as_live(members, server):
    writer, reader = members(2)
    url = writer.url("/Live/large.live")
    big = random.randbytes(Settings.lft_threshold + 12345)  # the server's default
    oid = create(writer, url, big)
    flags = writer.call("flags", url=url)
    assert flags["result"] == "OK"
    assert flags["flags"] & 64 and flags["flags"] & 128  # CAN_LIVE_UPDATE, IS_OMNI_OBJECT
    reader.call("read", url=url)
    assert wait_events(reader, 2)[0] == ["OK", oid, 1, len(big), sha(big)]
    sent = writer.call("update_many", url=url, object_id=oid, count=2, size=len(big), seed=5)
    assert sent["results"] == [["OK", 2], ["OK", 3]]
    got = wait_events(reader, 4)[2:]
    assert got == [["OK", oid, n, len(big), d] for n, d in zip((2, 3), sent["sha"])]


def committed_at_least(server, object_id, count, seconds=60):
    """Waits until the server's database holds ``count`` versions of the object (read beside
    the running server), so that the kill comes mid-stream on any machine."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            [(held,)] = store_rows(server, "SELECT COUNT(*) FROM live_updates WHERE object_id = ?",
                                   (object_id,))
        except sqlite3.OperationalError:  # busy: ask again
            held = 0
        if held >= count:
            return
        time.sleep(0.002)
    raise AssertionError(f"fewer than {count} versions committed")


@pytest.mark.timeout(300)
def test_kill_during_updates_keeps_every_acknowledged_one(tmp_path, client_python, new_storage):
    server = start_server(tmp_path / "data", **new_storage())
    try:
        writer = Member(client_python, server, server.admin_user, server.admin_password,
                        script=LIVE_OBJECT_SCRIPT)
        url = writer.url("/Live/durable.live")
        oid = create(writer, url, b"v1")
        # the updates go out back to back, at most 50 unanswered (a store commits whatever
        # waits when its write runs: with no bound, the first commit may hold them all); the
        # server dies while they are being answered
        writer.process.stdin.write('{"op": "update_many", "url": "%s", "object_id": %d, '
                                   '"count": 1000, "size": 1024, "seed": 4, "window": 50}\n'
                                   % (url, oid))
        writer.process.stdin.flush()
        # well into the stream: 150 or more answers have reached the writer by the kill
        committed_at_least(server, oid, 200)
        server.kill()
        sent = writer._answer()
        writer.close()
        acked = {seq: digest for (result, seq), digest in zip(sent["results"], sent["sha"])
                 if result == "OK"}
        assert 0 < len(acked) < 1000, len(acked)  # killed mid-stream
        server.start()
        reader = Member(client_python, server, server.admin_user, server.admin_password,
                        script=LIVE_OBJECT_SCRIPT)
        reader.call("read", url=server.url + "/Live/durable.live", have_object_id=oid,
                    have_sequence=1)
        got = wait_events(reader, max(acked), seconds=60)
        reader.close()
        versions = {seq: digest for result, _, seq, _, digest in got if result == "OK"}
        for seq, digest in acked.items():
            assert versions.get(seq) == digest, f"acknowledged update {seq} lost"
    finally:
        server.stop()
