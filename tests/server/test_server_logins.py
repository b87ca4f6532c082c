"""Password guessing (issue 14, item 6): wrong passwords back off per user and per source
address, password checks are capped, and other users' logins stay fast during a flood.
Every test is bounded in time.  The guessers connect from other loopback addresses
(127.0.0.2, 127.0.0.3) than the legitimate clients (127.0.0.1), as they would from
elsewhere."""

import asyncio
import time

import aiohttp
import pytest

from omni.server import accounts
from omni.server.storage import SqliteStore

GUESSES = 128
SOCKETS = 8  # each carries 16 guesses at once (the SOWS bound per socket)


@pytest.fixture(scope="module")
def users(server):
    for name in ("guess-bob", "guess-alice", "guess-carol", "guess-dave"):
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
    # dave, not alice again: alice's password is remembered now and would cost no check
    assert await login_from(server, "127.0.0.1", "guess-dave", "guess-dave-pw") == "OK"
    dave_s = time.monotonic() - started
    statuses = await asyncio.wait_for(flood, 30)
    flood_s = time.monotonic() - started
    assert statuses == ["DENIED"] * GUESSES
    # dave's check shares the CPU with at most one of bob's (argon2 is CPU-bound)
    assert dave_s < 2.5 * quiet_s + 0.2, f"a login took {dave_s:.2f} s in the flood, " \
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


@pytest.fixture
async def checked(tmp_path, monkeypatch):
    """Accounts over a store of its own, and the argon2 checks it runs (each password checked)."""
    store = SqliteStore(tmp_path / "meta.sqlite3")
    await store.open()
    runs = []
    verify = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda stored, password: runs.append(password) or verify(stored, password))
    await store.add_user("kim", accounts.hash_password("kim-pw"), False)
    yield accounts.Accounts(store), runs
    await store.close()


async def test_a_password_once_checked_is_remembered_not_checked_again(checked):
    kim, runs = checked
    assert (await kim.check_password("kim", "kim-pw", "127.0.0.1")).name == "kim"
    assert (await kim.check_password("kim", "kim-pw", "127.0.0.9")).name == "kim"
    assert runs == ["kim-pw"]
    # only successes are remembered: every wrong password is checked, and refused
    assert await kim.check_password("kim", "kim-pw ", "127.0.0.1") is None
    assert await kim.check_password("kim", "kim-pw ", "127.0.0.1") is None
    assert runs == ["kim-pw", "kim-pw ", "kim-pw "]


async def test_a_new_password_matches_nothing_remembered(checked):
    kim, runs = checked
    assert await kim.check_password("kim", "kim-pw", "127.0.0.1") is not None
    await kim.store.set_password("kim", accounts.hash_password("kim-new"))
    assert await kim.check_password("kim", "kim-pw", "127.0.0.1") is None
    assert await kim.check_password("kim", "kim-new", "127.0.0.1") is not None
    # the same password set again is a new salted hash: checked again
    await kim.store.set_password("kim", accounts.hash_password("kim-new"))
    assert await kim.check_password("kim", "kim-new", "127.0.0.1") is not None
    assert runs == ["kim-pw", "kim-pw", "kim-new", "kim-new"]


def test_remembered_passwords_expire_and_are_bounded():
    verified = accounts.VerifiedPasswords(ttl_s=0.05, kept=2)
    verified.remember("hash", "a")
    assert verified.holds("hash", "a") and not verified.holds("other hash", "a")
    time.sleep(0.06)
    assert not verified.holds("hash", "a")
    for password in ("a", "b", "c"):
        verified.remember("hash", password)
    assert [verified.holds("hash", p) for p in ("a", "b", "c")] == [False, True, True]


def test_an_unknown_users_password_costs_a_real_check(monkeypatch):
    """A user who does not exist is refused after an argon2 check with the parameters of a real
    user's (made once, when the server starts): the time of an answer tells nothing."""
    import argon2
    checked = []

    class Recording(argon2.PasswordHasher):
        def verify(self, hash, password):
            checked.append(hash)
            return super().verify(hash, password)
    monkeypatch.setattr(accounts, "_hasher", Recording())
    assert accounts._verify(None, "guess") is False
    assert checked == [accounts._dummy_hash()]
    assert argon2.extract_parameters(checked[0]) == argon2.extract_parameters(accounts.hash_password("pw"))
    assert accounts._verify(accounts.hash_password("pw"), "pw") is True
