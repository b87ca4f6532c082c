"""Channels, frame by frame: channel items (create type 3, stat, list), the join handshake
(the server's own join, a pong per member there, a join to the others), relaying byte
for byte in order, targeting, pong de-duplication, departures (own disconnect, stop
without one, dropped socket), access (read to join, write to send, taken away) and the
end of a channel (deleted, reader too slow)."""

import asyncio
import json

import pytest

from omni.server.channels import encode_header, parse_header
from omni.server.testing import TcpProxy, running_server

from omni1_test_client import Omni, put

GRACE = 1.0  # the server's wait for a leaver's own disconnect


def channel(d):
    return f"{d}/chat.channel"


async def join(conn, path):
    """Create the channel (the answer does not matter: it may exist, or the user may not
    write there) and read it, as the original client does; the read's request id, once
    the server's first answer (its own join) has come."""
    await conn.call("create", uri=path, type=3)
    rid = conn.start("read", uri=path)
    first, tail = await conn.next(rid, "read")
    assert first["status"] == "OK", first
    assert tail.endswith(b"\0")
    assert {k: v for k, v in parse_header(tail).items() if k != "id"} == {"from": "", "type": "join"}
    return rid


async def receive(conn, rid, timeout=10):
    """The next message of a channel read: (header, payload or None, raw tail)."""
    answer, tail = await conn.next(rid, "read", timeout=timeout)
    assert answer["status"] == "OK", answer
    assert answer["size"] == len(tail)
    head, sep, payload = tail.partition(b"\0")
    return json.loads(head), (payload if sep else None), tail


async def nothing_more(conn, rid, seconds=0.4):
    with pytest.raises(ConnectionError):
        await conn.next(rid, "read", timeout=seconds)


def me(conn):
    return conn.auth["connection_id"]


async def send(conn, path, kind="regular", payload=None, to=None, ident=(7, 8)):
    header = {"from": me(conn), "id": list(ident), "type": kind}
    if to is not None:
        header["to"] = to
    tail = encode_header(header, payload)
    answer, _ = await conn.call("update", tail=tail, uri=path)
    return answer["status"], tail


async def members(server, omni, path, n):
    conns = [await omni.connect(server.admin_user, server.admin_password) for _ in range(n)]
    rids = []
    for conn in conns:
        rids.append(await join(conn, path))
        # the handshake (pongs to the newcomer, joins to the others) is checked elsewhere
        for earlier, rid in zip(conns, rids[:-1]):
            header, _, _ = await receive(earlier, rid)
            assert header["type"] == "join"
        for _ in rids[:-1]:
            header, _, _ = await receive(conn, rids[-1])
            assert header["type"] == "pong"
    return conns, rids


async def test_a_channel_is_an_item_of_its_own_type(admin, d):
    path = channel(d)
    created, _ = await admin.call("create", uri=path, type=3)
    assert (created["status"], created["type"], created["uri"]) == ("OK", "channel", path)
    again, _ = await admin.call("create", uri=path, type=3)
    assert again["status"] == "ALREADY_EXISTS"
    stat, _ = await admin.call("stat2", path={"path": path})
    assert (stat["status"], stat["type"]) == ("OK", "channel")
    listed = await admin.stream("list2", path=f"{d}/")
    assert [(e["path"], e["path_type"]) for e in listed[0]["entries"]] == [(path, "channel")]
    content, _ = await admin.call("read_asset_version", path={"path": path})
    assert content["status"] == "NOT_ASSET"
    # the legacy update of a file is not offered; of nothing, nothing is there
    await put(admin, f"{d}/file", b"content")
    on_file, _ = await admin.call("update", tail=b"new content", uri=f"{d}/file")
    assert on_file["status"] == "NOT_IMPLEMENTED"
    on_nothing, _ = await admin.call("update", tail=b"", uri=f"{d}/x")
    assert on_nothing["status"] == "INVALID_URI"


async def test_joining_tells_the_newcomer_who_is_there_and_the_others_who_came(server, omni, d):
    path = channel(d)
    a, b, c = [await omni.connect(server.admin_user, server.admin_password) for _ in range(3)]
    ra = await join(a, path)
    await nothing_more(a, ra)  # alone: nobody to greet
    rb = await join(b, path)
    header, payload, _ = await receive(b, rb)
    assert (header["type"], header["from"], header["to"], payload) == ("pong", me(a), me(b), None)
    header, payload, _ = await receive(a, ra)
    assert (header["type"], header["from"], payload) == ("join", me(b), None)
    assert "to" not in header
    rc = await join(c, path)
    pongs = [await receive(c, rc) for _ in range(2)]
    assert sorted(h["from"] for h, _, _ in pongs) == sorted([me(a), me(b)])
    assert all(h["type"] == "pong" and h["to"] == me(c) for h, _, _ in pongs)
    assert len({tuple(h["id"]) for h, _, _ in pongs}) == 2  # each pong its own id
    for conn, rid in ((a, ra), (b, rb)):
        header, _, _ = await receive(conn, rid)
        assert (header["type"], header["from"]) == ("join", me(c))
    for conn, rid in ((a, ra), (b, rb), (c, rc)):
        await nothing_more(conn, rid)


@pytest.mark.parametrize("payload", [b"", b"x", b"\0bin\0\xff\xfe\0" * 3, bytes(range(256)) * 4096],
                         ids=["0B", "1B", "NULs", "1MiB"])
async def test_messages_reach_every_other_member_byte_for_byte(server, omni, d, payload):
    path = channel(d)
    (a, b, c), (ra, rb, rc) = await members(server, omni, path, 3)
    status, tail = await send(a, path, payload=payload)
    assert status == "OK"
    for conn, rid in ((b, rb), (c, rc)):
        header, got, raw = await receive(conn, rid)
        assert raw == tail and got == payload
    await nothing_more(a, ra)  # no echo to the sender


async def test_a_thousand_back_to_back_messages_arrive_in_order_once(server, omni, d):
    path = channel(d)
    (a, b), (ra, rb) = await members(server, omni, path, 2)
    tails = [encode_header({"from": me(a), "id": [i, i], "type": "regular"}, b"%d" % i)
             for i in range(1000)]
    sent = [a.start("update", tail=t, uri=path) for t in tails]  # pipelined, not awaited
    got = [(await receive(b, rb))[2] for _ in tails]
    assert got == tails
    for rid in sent:
        assert (await a.next(rid, "update"))[0]["status"] == "OK"
    await nothing_more(b, rb)


async def test_a_targeted_message_reaches_only_its_target(server, omni, d):
    path = channel(d)
    (a, b, c), (ra, rb, rc) = await members(server, omni, path, 3)
    _, tail = await send(a, path, "pong", to=me(c), ident=(3, 4))
    assert (await receive(c, rc))[2] == tail
    await nothing_more(b, rb)


async def test_only_the_first_answer_to_a_ping_is_relayed(server, omni, d):
    path = channel(d)
    (a, b, c), (ra, rb, rc) = await members(server, omni, path, 3)
    _, ping = await send(a, path, "ping", ident=(11, 12))
    assert (await receive(b, rb))[2] == ping and (await receive(c, rc))[2] == ping
    _, pong = await send(b, path, "pong", to=me(a), ident=(11, 12))
    await send(c, path, "pong", to=me(a), ident=(11, 12))  # a second answer: a stray HELLO
    assert (await receive(a, ra))[2] == pong
    await nothing_more(a, ra)


async def test_a_message_must_be_a_header_in_the_senders_name(server, omni, d):
    path = channel(d)
    (a, b), (ra, rb) = await members(server, omni, path, 2)
    forged = encode_header({"from": me(b), "id": [1, 1], "type": "regular"}, b"as b")
    for tail in (forged, b"not json\0x", b'["from"]', b'{"from":1,"type":"regular"}', b""):
        answer, _ = await a.call("update", tail=tail, uri=path)
        assert answer["status"] == "INVALID_PARAMETERS", tail
    await nothing_more(b, rb)


async def test_a_member_leaving_is_told_once(server, omni, d):
    path = channel(d)
    (a, b, c), (ra, rb, rc) = await members(server, omni, path, 3)
    # b leaves as the original client does: stop the read, then its own disconnect
    await b.stop(rb)
    _, bye = await send(b, path, "disconnect", ident=(5, 6))
    for conn, rid in ((a, ra), (c, rc)):
        assert (await receive(conn, rid))[2] == bye
    await send(b, path, "disconnect", ident=(5, 7))  # told already
    await nothing_more(a, ra, GRACE + 0.5)  # and the server does not tell it again


@pytest.mark.parametrize("how", ["stop", "socket"])
async def test_a_member_gone_without_a_word_is_announced_gone(server, omni, d, how):
    path = channel(d)
    (a, b), (ra, rb) = await members(server, omni, path, 2)
    gone = me(b)
    if how == "stop":
        await b.stop(rb)
    else:
        await b.close()
    header, payload, _ = await receive(a, ra, timeout=GRACE + 5)
    assert (header["type"], header["from"], payload) == ("disconnect", gone, None)
    await nothing_more(a, ra, GRACE + 0.5)


async def test_reading_needs_read_and_sending_needs_write(server, omni, admin, d):
    path = channel(d)
    server.add_user("chan-r", "chan-r-pw")
    server.add_user("chan-none", "chan-none-pw")
    ra = await join(admin, path)
    answer, _ = await admin.call("change_acl", uri=path, acl={
        server.admin_user: ["read", "write", "admin"], "chan-r": ["read"]})
    assert answer["status"] == "OK"
    reader = await omni.connect("chan-r", "chan-r-pw")
    rid = await join(reader, path)  # create refused (no write): the read still joins
    assert (await receive(reader, rid))[0]["type"] == "pong"  # a member like any other
    assert (await receive(admin, ra))[0]["type"] == "join"
    status, _ = await send(reader, path, payload=b"no")
    assert status == "DENIED"
    outsider = await omni.connect("chan-none", "chan-none-pw")
    denied = outsider.start("read", uri=path)
    assert (await outsider.next(denied, "read"))[0]["status"] == "DENIED"
    status, _ = await send(outsider, path, payload=b"no")
    assert status == "DENIED"
    await nothing_more(admin, ra)  # neither refused message went out, nor did the outsider join


async def test_access_taken_away_ends_the_stream_and_the_others_are_told(server, omni, admin, d):
    path = channel(d)
    server.add_user("chan-x", "chan-x-pw")
    ra = await join(admin, path)
    answer, _ = await admin.call("change_acl", uri=path, acl={
        server.admin_user: ["read", "write", "admin"], "chan-x": ["read", "write"]})
    assert answer["status"] == "OK"
    member = await omni.connect("chan-x", "chan-x-pw")
    rm = await join(member, path)
    assert (await receive(admin, ra))[0]["type"] == "join"
    await receive(member, rm)  # admin's pong
    answer, _ = await admin.call("change_acl", uri=path,
                                 acl={server.admin_user: ["read", "write", "admin"]})
    assert answer["status"] == "OK"
    ended, _ = await member.next(rm, "read")
    assert ended["status"] == "ACCESS_LOST"
    header, _, _ = await receive(admin, ra, timeout=GRACE + 5)
    assert (header["type"], header["from"]) == ("disconnect", me(member))


async def test_deleting_a_channel_ends_its_readers_streams(server, omni, d):
    path = channel(d)
    (a, b), (ra, rb) = await members(server, omni, path, 2)
    answer, _ = await a.call("delete2", paths_to_delete=[{"path": path}])
    assert answer["status"] == "OK"
    for conn, rid in ((a, ra), (b, rb)):
        assert (await conn.next(rid, "read"))[0]["status"] == "NOT_EXIST"
    status, _ = await send(a, path, payload=b"late")
    assert status == "INVALID_URI"


async def test_stopping_a_read_frees_its_place_and_later_requests_do_not_wait(server, omni, d):
    path = channel(d)
    (a,), (ra,) = await members(server, omni, path, 1)
    # requests naming the channel are not held behind the open read
    answer, _ = await a.call("stat2", path={"path": path})
    assert answer["status"] == "OK"
    await a.stop(ra)
    await put(a, f"{d}/after", b"ok")


async def test_a_reader_that_falls_behind_is_dropped_and_the_others_get_everything(tmp_path, new_storage):
    with running_server(extra_args=["--channel-queue", str(256 << 10)], check_log=True,
                        **new_storage()) as srv:
        proxy = TcpProxy(srv.port)
        fast = Omni(srv.ws_url, srv.http_url)
        slow = Omni(f"ws://127.0.0.1:{proxy.port}", f"http://127.0.0.1:{proxy.port}")
        try:
            path = "/slow/chat.channel"
            sender = await fast.connect(srv.admin_user, srv.admin_password)
            keeping_up = await fast.connect(srv.admin_user, srv.admin_password)
            lagging = await slow.connect(srv.admin_user, srv.admin_password)
            rk = await join(keeping_up, path)
            rl = await join(lagging, path)
            await receive(keeping_up, rk)  # lagging's join
            await receive(lagging, rl)
            proxy.stalled.set()  # lagging reads nothing from now on
            tails = [encode_header({"from": me(sender), "id": [i, 0], "type": "regular"},
                                   bytes([i % 256]) * (64 << 10)) for i in range(200)]
            for tail in tails:
                assert (await sender.call("update", tail=tail, uri=path))[0]["status"] == "OK"
                assert (await receive(keeping_up, rk))[2] == tail
            proxy.stalled.clear()
            statuses = []
            while not statuses or statuses[-1] == "OK":
                statuses.append((await lagging.next(rl, "read"))[0]["status"])
            assert statuses[-1] == "CONTENT_BUFFER_OVERFLOW"
            assert len(statuses) - 1 < len(tails)
            header, _, _ = await receive(keeping_up, rk, timeout=GRACE + 5)
            assert (header["type"], header["from"]) == ("disconnect", me(lagging))
        finally:
            await fast.close()
            await slow.close()
            proxy.close()
