"""Password guessing (issue 14, item 6): wrong passwords back off per user and per source
address, password checks are capped, and other users' logins stay fast during a flood.
Every test is bounded in time.  The guessers connect from other loopback addresses
(127.0.0.2, 127.0.0.3) than the legitimate clients (127.0.0.1), as they would from
elsewhere."""

import asyncio
import time

import aiohttp
import pytest

GUESSES = 128
SOCKETS = 8  # each carries 16 guesses at once (the SOWS bound per socket)


@pytest.fixture(scope="module")
def users(server):
    for name in ("guess-bob", "guess-alice", "guess-carol"):
        server.add_user(name, f"{name}-pw")


async def login_from(server, address, username, password):
    """``Credentials.auth`` from ``address``: the answer's status."""
    return (await logins_from(server, address, [(username, password)]))[0]


async def logins_from(server, address, attempts, sockets=1):
    """``attempts`` (user, password) sent at once over ``sockets`` SOWS sockets from
    ``address``; their statuses."""
    from omni1_test_client import SowsClient
    from omni.server.framing import sows
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        clients = [SowsClient(await http.ws_connect(server.ws_url + "/omni/auth"))
                   for _ in range(sockets)]

        async def run(client, batch):
            for i, (user, password) in enumerate(batch, 1):
                await client.ws.send_bytes(sows.encode_request(
                    i, "Credentials.auth", {"username": user, "password": password,
                                            "version": 2}))
            answers = {}
            while len(answers) < len(batch):
                resp = sows.parse_response((await client.ws.receive(timeout=60)).data)
                answers[resp.id] = resp.answer["status"]
            return [answers[i] for i in range(1, len(batch) + 1)]
        batches = [attempts[i::sockets] for i in range(sockets)]
        results = await asyncio.gather(*(run(c, b) for c, b in zip(clients, batches)))
        for client in clients:
            await client.ws.close()
    return [status for batch in results for status in batch]


async def test_a_flood_of_guesses_leaves_other_logins_fast(server, users):
    started = time.monotonic()
    assert await login_from(server, "127.0.0.1", "guess-alice", "guess-alice-pw") == "OK"
    quiet_s = time.monotonic() - started
    flood = asyncio.ensure_future(logins_from(
        server, "127.0.0.2", [("guess-bob", f"wrong-{i}") for i in range(GUESSES)], SOCKETS))
    await asyncio.sleep(0.3)  # the guesses are in flight
    started = time.monotonic()
    assert await login_from(server, "127.0.0.1", "guess-alice", "guess-alice-pw") == "OK"
    alice_s = time.monotonic() - started
    statuses = await asyncio.wait_for(flood, 30)
    flood_s = time.monotonic() - started
    assert statuses == ["DENIED"] * GUESSES
    # alice's check shares the CPU with at most one of bob's (argon2 is CPU-bound)
    assert alice_s < 2.5 * quiet_s + 0.2, f"a login took {alice_s:.2f} s in the flood, " \
        f"{quiet_s:.2f} s before"
    # five checks, then bob backs off: the other guesses are refused without one
    assert flood_s < 10 * quiet_s + 2, f"the guesses took {flood_s:.2f} s"
    # bob is backed off now: even his password is refused, until the back-off ends
    assert await login_from(server, "127.0.0.1", "guess-bob", "guess-bob-pw") == "DENIED"


async def test_a_guessing_address_backs_off(server, users):
    # wrong passwords for many user names from one address (no user reaches its bound)
    for i in range(20):
        assert await login_from(server, "127.0.0.3", f"nobody-{i}", "wrong") == "DENIED"
    assert await login_from(server, "127.0.0.3", "guess-alice", "guess-alice-pw") == "DENIED"
    assert await login_from(server, "127.0.0.1", "guess-alice", "guess-alice-pw") == "OK"


async def test_a_back_off_ends(server, users):
    for _ in range(5):
        assert await login_from(server, "127.0.0.1", "guess-carol", "wrong") == "DENIED"
    assert await login_from(server, "127.0.0.1", "guess-carol", "guess-carol-pw") == "DENIED"
    await asyncio.sleep(1.2)  # the first back-off is 1 s
    assert await login_from(server, "127.0.0.1", "guess-carol", "guess-carol-pw") == "OK"
