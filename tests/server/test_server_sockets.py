"""Sockets and subscriptions (issue 14, item 12): idle and half-open sockets are closed
after --idle-timeout, subscriptions are capped per user and per server, and what they
held is given back when they close.  One server with small limits; bounded in time."""

import asyncio
import socket
import time

import pytest

from omni.server.testing import running_server

from omni1_test_client import Omni
from test_server_load import rss_kib

IDLE_S = 1
PER_USER = 300
PER_SERVER = 500
CLOSED_WITHIN_S = IDLE_S + 4


@pytest.fixture(scope="module")
def server():
    with running_server(extra_args=["--idle-timeout", str(IDLE_S),
                                    "--user-subscriptions", str(PER_USER),
                                    "--server-subscriptions", str(PER_SERVER)],
                        check_log=True) as srv:
        for name in ("sub-a", "sub-b", "sub-c"):
            srv.add_user(name, "pw")
        yield srv


def closed_by_server(server, first_bytes: bytes) -> float:
    """Seconds until the server closes a connection that sent ``first_bytes`` and then
    nothing (bounded)."""
    with socket.create_connection((server.host, server.port), timeout=CLOSED_WITHIN_S) as sock:
        sock.sendall(first_bytes)
        started = time.monotonic()
        while sock.recv(4096):  # an answer (none expected) or the end
            pass
        return time.monotonic() - started


@pytest.mark.parametrize("first_bytes", [b"", b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "],
                         ids=["idle", "half-sent-request"])
def test_idle_and_half_open_http_connections_are_closed(server, first_bytes):
    assert closed_by_server(server, first_bytes) < CLOSED_WITHIN_S


async def test_a_connlib_socket_that_never_signs_in_is_closed(server, omni):
    anonymous = await omni.connlib()
    signed_in = await omni.connect("sub-a", "pw")
    await asyncio.wait_for(anonymous.closed.wait(), CLOSED_WITHIN_S)
    await asyncio.sleep(IDLE_S * 2)  # pinged and answering: stays
    assert (await signed_in.call("ping"))[0]["status"] == "OK"


async def subscribe(omni, user, count, per_connection=100):
    """``count`` subscriptions of ``user`` over as many connections as needed: their
    first answers' statuses (OK: the subscription is open; each is then waiting)."""
    conns, statuses = [], []
    while len(statuses) < count:
        conn = await omni.connect(user, "pw")
        conns.append(conn)
        n = min(per_connection, count - len(statuses))
        subs = [conn.start("subscribe_list", path={"path": "/"}) for _ in range(n)]
        # a refusal is sent as the request is read, before the answer to a later ping
        await conn.call("ping")
        for sub in subs:
            queue = conn.pending[sub]
            statuses.append("OK" if queue.empty() else queue.get_nowait()[0]["status"])
    return conns, statuses


async def test_subscriptions_are_capped_per_user_and_per_server(server):
    omni = Omni(server.ws_url, server.http_url)
    try:
        conns_a, statuses = await subscribe(omni, "sub-a", PER_USER + 10)
        assert statuses == ["OK"] * PER_USER + ["QUOTA_REACHED"] * 10
        conns_b, statuses = await subscribe(omni, "sub-b", PER_SERVER - PER_USER + 10)
        assert statuses == ["OK"] * (PER_SERVER - PER_USER) + ["QUOTA_REACHED"] * 10
        _, statuses = await subscribe(omni, "sub-c", 1)
        assert statuses == ["QUOTA_REACHED"]  # the server's bound
        for conn in conns_a:
            await conn.close()
        await asyncio.sleep(0.5)
        _, statuses = await subscribe(omni, "sub-c", 10)
        assert statuses == ["OK"] * 10
    finally:
        await omni.close()


async def test_closed_subscriptions_give_their_memory_back(server):
    async def one_round():
        omni = Omni(server.ws_url, server.http_url)
        try:
            _, statuses = await subscribe(omni, "sub-b", PER_USER)
            assert statuses == ["OK"] * PER_USER
        finally:
            await omni.close()
        await asyncio.sleep(0.5)
    await one_round()
    after_first = rss_kib(server.process.pid)
    for _ in range(3):
        await one_round()  # each round needs the counts freed by the one before
    assert rss_kib(server.process.pid) - after_first < 8 * 1024
