"""Channels across server processes on one PostgreSQL database: members connected to
different processes greet each other (HELLO / JOIN), exchange messages both ways in order
and byte for byte (past NOTIFY's 8,000 bytes too), ``to`` and pong de-duplication hold, a
departure is told once everywhere, the members of a process killed with -9 are announced
gone once by the survivors within the bound (and come back if it was only stalled), a
deleted channel ends every reader, posts are refused (QUOTA_REACHED) while the other
processes cannot be told them, and connection ids are unique across the processes."""

import asyncio
import contextlib
import os
import signal
import time

from omni.server.channels import LEAVE_GRACE_S, encode_header
from omni.server.storage.channel_relay import CHANNEL_LOCK, DEAD_AFTER_S, HEARTBEAT_S, OUTBOX_BYTES

from omni1_test_client import Omni
from test_server_channels import join, me, nothing_more, receive, send
from test_server_scale_out import connected, servers

PATH = "/rooms/chat.channel"
# a dead process is seen by the next heartbeat after DEAD_AFTER_S; its rows then travel
DEAD_BOUND_S = DEAD_AFTER_S + 2 * HEARTBEAT_S + 2


async def greet(newcomer, rid, earlier: list) -> None:
    """The newcomer gets a pong from each earlier member (any order), each earlier member
    a join in its name."""
    pongs = [(await receive(newcomer, rid))[0] for _ in earlier]
    assert sorted((h["type"], h["from"], h["to"]) for h in pongs) == \
        sorted(("pong", me(conn), me(newcomer)) for conn, _ in earlier)
    for conn, their_rid in earlier:
        header, _, _ = await receive(conn, their_rid)
        assert (header["type"], header["from"]) == ("join", me(newcomer))


async def test_members_on_three_processes_meet_and_talk(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 3) as procs:
        async with connected(procs[0]) as a, connected(procs[1]) as b, \
                connected(procs[2]) as c:
            ra = await join(a, PATH)
            rb = await join(b, PATH)
            await greet(b, rb, [(a, ra)])
            rc = await join(c, PATH)
            await greet(c, rc, [(a, ra), (b, rb)])
            # both ways, in order, byte for byte: past a NOTIFY payload, and pipelined
            sizes = [0, 1, 20_000, 300_000] + [10] * 200
            for sender, others in ((a, [(b, rb), (c, rc)]), (c, [(a, ra), (b, rb)])):
                tails = [encode_header({"from": me(sender), "id": [i, 1], "type": "regular"},
                                       bytes([i % 251]) * size) for i, size in enumerate(sizes)]
                sent = [sender.start("update", tail=t, uri=PATH) for t in tails]
                for rid in sent:
                    assert (await sender.next(rid, "update"))[0]["status"] == "OK"
                for conn, rid in others:
                    assert [(await receive(conn, rid))[2] for _ in tails] == tails
            # to: only its target, on another process
            _, tail = await send(a, PATH, "regular", payload=b"for c", to=me(c), ident=(3, 4))
            assert (await receive(c, rc))[2] == tail
            # two answers to one ping from two processes: the pinger gets the first only
            _, ping = await send(a, PATH, "ping", ident=(11, 12))
            assert (await receive(b, rb))[2] == ping and (await receive(c, rc))[2] == ping
            _, pong_b = await send(b, PATH, "pong", to=me(a), ident=(11, 12))
            _, pong_c = await send(c, PATH, "pong", to=me(a), ident=(11, 12))
            assert (await receive(a, ra))[2] in (pong_b, pong_c)
            for conn, rid in ((a, ra), (b, rb), (c, rc)):
                await nothing_more(conn, rid, 1.0)


async def test_a_departure_is_told_once_on_every_process(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as a, connected(two) as b, connected(two) as c:
            ra = await join(a, PATH)
            rb = await join(b, PATH)
            await greet(b, rb, [(a, ra)])
            rc = await join(c, PATH)
            await greet(c, rc, [(a, ra), (b, rb)])
            # b leaves as the original client does: stop the read, its own disconnect
            await b.stop(rb)
            _, bye = await send(b, PATH, "disconnect", ident=(5, 6))
            for conn, rid in ((a, ra), (c, rc)):
                assert (await receive(conn, rid))[2] == bye
            # a goes without a word: both on the other process are told by the server, once
            gone = me(a)
            await a.close()
            header, _, _ = await receive(c, rc, timeout=LEAVE_GRACE_S + 5)
            assert (header["type"], header["from"]) == ("disconnect", gone)
            await nothing_more(c, rc, LEAVE_GRACE_S + 1)
            # a newcomer on the first process is greeted by c only: the others are gone
            async with connected(one) as d:
                rd = await join(d, PATH)
                await greet(d, rd, [(c, rc)])
                await nothing_more(d, rd, 1.0)


async def test_members_of_a_killed_process_are_announced_gone_once_by_the_survivors(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (survivor, victim):
        async with contextlib.AsyncExitStack() as stack:
            a = await stack.enter_async_context(connected(survivor))
            ra = await join(a, PATH)
            doomed = []
            for _ in range(2):
                v = Omni(victim.ws_url, victim.http_url)
                stack.push_async_callback(v.close)
                conn = await v.connect(victim.admin_user, victim.admin_password)
                rid = await join(conn, PATH)
                await greet(conn, rid, [(a, ra)] + doomed)
                doomed.append((conn, rid))
            # a process started later learns who is there (from the database)
            with servers(shared_store, tmp_path / "late", 1) as (late,):
                b = await stack.enter_async_context(connected(late))
                rb = await join(b, PATH)
                await greet(b, rb, [(a, ra)] + doomed)
                victim.kill()
                killed = time.monotonic()
                gone = sorted(me(conn) for conn, _ in doomed)
                for conn, rid in ((a, ra), (b, rb)):
                    told = [await receive(conn, rid, timeout=DEAD_BOUND_S) for _ in gone]
                    assert sorted((h["type"], h["from"]) for h, _, _ in told) == \
                        [("disconnect", who) for who in gone]
                assert time.monotonic() - killed < DEAD_BOUND_S
                for conn, rid in ((a, ra), (b, rb)):
                    await nothing_more(conn, rid, 2 * HEARTBEAT_S)
                # the survivors still talk
                _, tail = await send(a, PATH, payload=b"still here")
                assert (await receive(b, rb))[2] == tail


async def test_members_of_a_process_stalled_past_the_bound_come_back(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as a, connected(two) as b:
            ra = await join(a, PATH)
            rb = await join(b, PATH)
            await greet(b, rb, [(a, ra)])
            os.kill(two.process.pid, signal.SIGSTOP)  # taken for dead by the other
            try:
                header, _, _ = await receive(a, ra, timeout=DEAD_BOUND_S)
                assert (header["type"], header["from"]) == ("disconnect", me(b))
            finally:
                os.kill(two.process.pid, signal.SIGCONT)
            header, _, _ = await receive(a, ra, timeout=10)
            assert (header["type"], header["from"]) == ("join", me(b))
            _, tail = await send(b, PATH, payload=b"back")
            assert (await receive(a, ra))[2] == tail
            _, tail = await send(a, PATH, payload=b"welcome back")
            assert (await receive(b, rb))[2] == tail


async def test_a_channel_deleted_through_one_process_ends_readers_on_the_other(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as a, connected(two) as b:
            ra = await join(a, PATH)
            rb = await join(b, PATH)
            await greet(b, rb, [(a, ra)])
            answer, _ = await a.call("delete2", paths_to_delete=[{"path": PATH}])
            assert answer["status"] == "OK"
            for conn, rid in ((a, ra), (b, rb)):
                assert (await conn.next(rid, "read", timeout=10))[0]["status"] == "NOT_EXIST"


async def test_connection_ids_are_unique_decimal_numbers_across_processes(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 3) as procs:
        async with contextlib.AsyncExitStack() as stack:
            conns = await asyncio.gather(*(stack.enter_async_context(connected(srv))
                                           for srv in procs for _ in range(5)))
            ids = [me(conn) for conn in conns]
            assert all(i.isdecimal() for i in ids)
            assert len(set(ids)) == len(ids) == 15


async def test_posts_are_refused_while_the_other_processes_cannot_be_told_then_flow_again(
        shared_store, tmp_path):
    import psycopg
    megabyte = b"m" * (1 << 20)
    with servers(shared_store, tmp_path, 2) as procs:
        async with connected(procs[0]) as a, connected(procs[0]) as near, \
                connected(procs[1]) as far:
            r_near = await join(near, PATH)
            r_far = await join(far, PATH)
            await receive(near, r_near)  # far's join
            await receive(far, r_far)  # near's hello
            # whoever holds the relay's lock keeps every process from committing channel rows
            # (as a stuck transaction would): what this process is to tell the others piles up
            with psycopg.connect(shared_store.database_url, autocommit=True) as db:
                db.execute("SELECT pg_advisory_lock(%s)", (CHANNEL_LOCK,))
                statuses = []
                while len(statuses) < 100 and (not statuses or statuses[-1] == "OK"):
                    status, _ = await send(a, PATH, payload=megabyte, ident=(len(statuses), 0))
                    statuses.append(status)
                    if status == "OK":  # this process's members still get it at once
                        assert (await receive(near, r_near))[1] == megabyte
                assert statuses[-1] == "QUOTA_REACHED"
                assert OUTBOX_BYTES >> 20 <= len(statuses) - 1 <= (OUTBOX_BYTES >> 20) + 1
                db.execute("SELECT pg_advisory_unlock(%s)", (CHANNEL_LOCK,))
            # what was accepted reaches the other process, in order, and posts flow again
            for i in range(len(statuses) - 1):
                header, payload, _ = await receive(far, r_far, timeout=30)
                assert header["id"] == [i, 0] and payload == megabyte
            deadline = time.monotonic() + 10
            while (await send(a, PATH, payload=b"again", ident=(999, 0)))[0] != "OK":
                assert time.monotonic() < deadline
                await asyncio.sleep(0.2)
