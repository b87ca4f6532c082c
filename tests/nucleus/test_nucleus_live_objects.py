"""Live objects with our client against our server: live_create / live_update answers,
live_read_with_callback (the state, OK_LATEST, every later version once, in order, byte for
byte; resuming with have-numbers), the live queue (nothing delivered before live_process, the
queued callbacks, live_process_up_to, the server time), live_wait_for_pending_updates, and
objects above the LFT threshold."""

import random
import re
import threading
import time

import omni.client
from omni.client import Result

from nucleus_proxy import Proxy

OK, LATEST = Result.OK, Result.OK_LATEST


class Reader:
    """Collects what a live_read_with_callback delivers, with the thread it came on."""

    def __init__(self, url, have_object_id=0, have_sequence_num=0, immediately=True):
        self.got = []
        self.threads = []
        self.cv = threading.Condition()
        self.request = omni.client.live_read_with_callback(url, have_object_id, have_sequence_num, self._on,
                                                           process_immediately=immediately)

    def _on(self, result, object_id, sequence, content):
        with self.cv:
            self.got.append((result, object_id, sequence, bytes(memoryview(content)) if content else b""))
            self.threads.append(threading.get_ident())
            self.cv.notify_all()

    def wait(self, count, seconds=20):
        with self.cv:
            self.cv.wait_for(lambda: len(self.got) >= count, seconds)
            return list(self.got)

    def stop(self):
        self.request.stop()


def test_create_update_and_read_every_version_in_order(folder):
    url = f"{folder}/layer.live"
    result, oid, seq = omni.client.live_create(url, b"base")
    assert (result, seq) == (OK, 1) and oid > 0
    reader = Reader(url)
    assert reader.wait(2) == [(OK, oid, 1, b"base"), (LATEST, oid, 0, b"")]
    sent = [random.randbytes(random.randrange(0, 4000)) for _ in range(100)]
    answers = [omni.client.live_update(url, oid, data) for data in sent]
    assert answers == [(OK, n, 0) for n in range(2, 102)]
    got = reader.wait(102)[2:]
    assert got == [(OK, oid, n, data) for n, data in zip(range(2, 102), sent)]
    time.sleep(0.3)
    assert len(reader.got) == 102  # nothing twice
    reader.stop()
    result, entry = omni.client.stat(url)
    assert result == OK
    assert entry.flags & omni.client.ItemFlags.CAN_LIVE_UPDATE
    assert entry.flags & omni.client.ItemFlags.IS_OMNI_OBJECT


def test_resume_with_have_numbers(folder):
    url = f"{folder}/resume.live"
    _, oid, _ = omni.client.live_create(url, b"v1")
    for i in range(2, 6):
        omni.client.live_update(url, oid, b"v%d" % i)
    reader = Reader(url, oid, 3)
    assert reader.wait(3) == [(OK, oid, 4, b"v4"), (OK, oid, 5, b"v5"), (LATEST, oid, 0, b"")]
    reader.stop()
    missing = Reader(f"{folder}/none.live")
    assert missing.wait(1)[0][0] != OK


def test_queued_versions_wait_for_live_process(folder):
    url = f"{folder}/queued.live"
    _, oid, _ = omni.client.live_create(url, b"v1")
    queued, batches = [], []
    registration = omni.client.live_register_queued_callback(
        lambda kind, result, u, object_id, sequence, server_time: queued.append(
            (kind, result, u, object_id, sequence, server_time)))
    omni.client.live_set_queued_callback(lambda: batches.append(threading.get_ident()))
    try:
        reader = Reader(url, immediately=False)
        assert reader.wait(2) == [(OK, oid, 1, b"v1"), (LATEST, oid, 0, b"")]  # the state comes at once
        before = time.time_ns() // 1000
        for i in range(2, 5):
            assert omni.client.live_update(url, oid, b"v%d" % i)[0] == OK
        deadline = time.monotonic() + 20
        while len(queued) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [(k, r, o, s) for k, r, _, o, s, _ in queued] == \
            [(omni.client.LiveUpdateType.REMOTE, OK, oid, n) for n in (2, 3, 4)]
        times = [t for *_, t in queued]
        assert times == sorted(times) and times[0] >= before - 5_000_000
        assert len(batches) >= 1
        assert len(reader.got) == 2  # held for live_process
        assert omni.client.live_get_latest_server_time(url) == times[-1]
        omni.client.live_process_up_to(url, times[0])
        assert [g[2] for g in reader.got[2:]] == [2]
        assert reader.threads[-1] == threading.get_ident()  # on the thread that called it
        deadline = time.monotonic() + 5
        while not any(k == omni.client.LiveUpdateType.MORE for k, *_ in queued) and time.monotonic() < deadline:
            time.sleep(0.02)
        more = [q for q in queued if q[0] == omni.client.LiveUpdateType.MORE]
        assert more and more[0][5] == times[1]  # the next one waiting
        omni.client.live_process()
        assert reader.got[2:] == [(OK, oid, n, b"v%d" % n) for n in (2, 3, 4)]
        omni.client.live_process()  # nothing left: nothing twice
        assert len(reader.got) == 5
        reader.stop()
    finally:
        omni.client.live_set_queued_callback(None)
        registration.unregister()


def test_wait_for_pending_updates(folder):
    url = f"{folder}/pending.live"
    _, oid, _ = omni.client.live_create(url, b"v1")
    answered = []
    for i in range(50):
        omni.client.live_update_with_callback(url, oid, b"x" * 1024, lambda r, s, _: answered.append((r, s)))
    omni.client.live_wait_for_pending_updates()
    assert sorted(answered) == [(OK, n) for n in range(2, 52)]


def test_large_objects_go_over_lft(folder):
    url = f"{folder}/large.live"
    big = random.randbytes((1 << 20) + 777)  # above the server's LFT threshold
    result, oid, _ = omni.client.live_create(url, big)
    assert result == OK
    reader = Reader(url)
    assert reader.wait(1)[0] == (OK, oid, 1, big)
    bigger = random.randbytes((3 << 20) + 5)
    assert omni.client.live_update(url, oid, bigger) == (OK, 2, 0)
    assert reader.wait(3)[2] == (OK, oid, 2, bigger)
    reader.stop()


class RequestLines(Proxy):
    """Notes the method and path of each LFT request clients send through it."""

    def __init__(self, upstream_port):
        super().__init__(upstream_port)
        self.requests = []

    def watch(self):
        return lambda data: self.requests.extend(
            (m.decode(), p.decode()) for m, p in re.findall(rb"([A-Z]+) (/omni/lft/\S*) HTTP/1\.1\r\n", data))


def test_large_objects_take_the_originals_lft_routes(server, admin):
    """Above the LFT threshold a new object's content goes by `POST /object/` and a new version's
    by `PATCH /content/` (as the original's; files use `POST /content/`), then the parts by PUT."""
    proxy = RequestLines(server.port)
    try:
        path = f"/lft-routes-{random.randrange(1 << 30)}.live"
        big, bigger = random.randbytes((1 << 20) + 3), random.randbytes((2 << 20) + 9)
        result, oid, _ = omni.client.live_create(proxy.url + path, big)
        assert result == OK
        created, proxy.requests[:] = list(proxy.requests), []
        assert omni.client.live_update(proxy.url + path, oid, bigger) == (OK, 2, 0)
        updated = list(proxy.requests)
        assert created[0] == ("POST", "/omni/lft/object/") and len(created) > 1
        assert updated[0] == ("PATCH", "/omni/lft/content/") and len(updated) > 1
        assert set(created[1:]) == set(updated[1:]) == {("PUT", "/omni/lft/content/")}
        reader = Reader(admin.url + path, oid, 1)
        assert reader.wait(1)[0] == (OK, oid, 2, bigger)
        reader.stop()
    finally:
        proxy.close()


def test_a_cut_socket_resumes_the_read_without_loss_or_repeat(admin, proxy):
    """The reader's socket goes through a proxy that cuts it mid-stream: the read is re-sent
    on the new socket and delivers every version once, in order."""
    direct = f"{admin.url}/cut-{random.randrange(1 << 30)}.live"
    _, oid, _ = omni.client.live_create(direct, b"v1")
    reader = Reader(proxy.url + direct[len(admin.url):])
    assert reader.wait(2)[1][0] == LATEST
    sent = []
    for round_ in range(3):
        for i in range(20):
            data = b"r%d-%d" % (round_, i)
            sent.append(data)
            assert omni.client.live_update(direct, oid, data)[0] == OK
        proxy.drop_all()
        time.sleep(0.3)
    got = reader.wait(2 + len(sent), seconds=30)
    versions = [g for g in got if g[0] == OK][1:]  # after the state
    assert [v[3] for v in versions] == sent
    assert [v[2] for v in versions] == list(range(2, 2 + len(sent)))
    reader.stop()


def test_updates_in_flight_when_the_socket_drops_answer_and_are_never_lost_silently(admin, proxy):
    """Each update cut off answers: OK with its number (then the server has it) or an error."""
    direct = f"{admin.url}/drop-{random.randrange(1 << 30)}.live"
    _, oid, _ = omni.client.live_create(direct, b"v1")
    answers = {}
    payloads = [b"p%d" % i for i in range(300)]
    requests = [omni.client.live_update_with_callback(proxy.url + direct[len(admin.url):], oid, data,
                                                      lambda r, s, _, data=data: answers.__setitem__(data, (r, s)))
                for data in payloads]
    time.sleep(0.01)
    proxy.drop_all()
    omni.client.live_wait_for_pending_updates()
    assert len(answers) == len(payloads) and len(requests) == len(payloads)
    acked = {s: data for data, (r, s) in answers.items() if r == OK}
    assert all(r in (OK, Result.ERROR_CONNECTION) for r, _ in answers.values())
    reader = Reader(direct, oid, 1)
    got = {g[2]: g[3] for g in reader.wait(1 + len(acked), seconds=30) if g[0] == OK}
    reader.stop()
    assert all(got.get(s) == data for s, data in acked.items())


class JitterProxy(Proxy):
    """Holds every other ping answer the server sends for 40–120 ms: round trips through it
    vary as on a busy network, one way only (the worst case for a clock estimate from round
    trips: a held answer skews its sample's offset by half the hold)."""

    def __init__(self, upstream_port):
        super().__init__(upstream_port)
        self.rng = random.Random(16)
        self.ping_answers = 0

    def hold(self, data):
        if b"omni_client_out_ts" not in data:
            return 0.0
        self.ping_answers += 1
        return self.rng.uniform(0.04, 0.12) if self.ping_answers % 2 else 0.0


def test_updates_carry_the_servers_clock_estimated_from_pings_despite_jitter(server, admin):
    """A writer behind the jitter proxy stamps each update with its estimate of the server's
    clock (`ts.est`, from its ping socket, as the original); the reader's queued callback gets
    that stamp as the version's server time. The server runs on this host, so its clock is
    ours: every stamp must fall within the few ms around its live_update call, which an
    estimate from the last ping alone misses by 20–60 ms whenever that ping's answer was held."""
    proxy = JitterProxy(server.port)
    try:
        path = f"/jitter-{random.randrange(1 << 30)}.live"
        through = proxy.url + path
        _, oid, _ = omni.client.live_create(through, b"v1")
        stamps = {}
        registration = omni.client.live_register_queued_callback(
            lambda kind, result, u, object_id, sequence, server_time: stamps.__setitem__(sequence, server_time))
        reader = Reader(admin.url + path, immediately=False)
        assert reader.wait(2)[1][0] == LATEST
        time.sleep(1.5)  # the ping socket's first round trips
        called, answered = {}, {}
        for i in range(40):
            called[i + 2] = time.time_ns() // 1000
            omni.client.live_update_with_callback(
                through, oid, b"u%d" % i, lambda r, s, _: answered.__setitem__(s, (r, time.time_ns() // 1000)))
            time.sleep(0.1)
        omni.client.live_wait_for_pending_updates()
        assert sorted(answered) == sorted(called) and all(r == OK for r, _ in answered.values())
        deadline = time.monotonic() + 20
        while len(stamps) < len(called) and time.monotonic() < deadline:
            time.sleep(0.05)
        # stamped after the call and before the answer: outside that, the estimate is off
        errors = [max(called[s] - stamps[s], stamps[s] - answered[s][1], 0) for s in called]
        assert max(errors) < 5_000, errors  # µs
        assert proxy.ping_answers >= 10
        reader.stop()
        registration.unregister()
    finally:
        proxy.close()
