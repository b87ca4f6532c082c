"""Revocation (issue 14, item 5): ``omni-server token list|revoke``, ``Tokens.invalidate``
and ``Tokens.delete_api_token``, and a password change, end the tokens they name and the
sessions those opened (ConnLib sockets, and the LFT URLs of those sessions)."""

import asyncio

import aiohttp

ENDED_WITHIN_S = 10  # the server checks every 2 s by default


async def ended(conn) -> bool:
    """Whether the server closes ``conn`` within the bound."""
    try:
        await asyncio.wait_for(conn.closed.wait(), ENDED_WITHIN_S)
    except asyncio.TimeoutError:
        return False
    return True


async def authorize(omni, access_token):
    conn = await omni.connlib()
    answer, _ = await conn.call("authorize_token", token=access_token, version="1.19",
                                client_capabilities={"list2": 5})
    conn.auth = answer
    return conn, answer["status"]


async def tokens_call(omni, method, **params):
    client = await omni.sows()
    try:
        return (await client.call(method, {**params, "version": 1}, "OmniAuth")).answer
    finally:
        await client.ws.close()


def token_ids(server, user, kind):
    rows = [line.split("\t") for line in server.cli("token", "list", "--user", user).splitlines()]
    return [row[0] for row in rows if row[1] == kind]


async def test_token_revoke_ends_an_api_token_and_its_sessions(omni, server):
    server.add_user("rev-api", "pw")
    token = server.api_token("rev-api")
    api_id, = token_ids(server, "rev-api", "api")
    conn = await omni.connect("$omni-api-token", token)
    assert (await conn.call("ping"))[0]["status"] == "OK"
    other = await omni.connect("rev-api", "pw")  # a password sign-in of the same user stays
    server.cli("token", "revoke", api_id)
    assert await ended(conn)
    assert (await omni.login("$omni-api-token", token))["status"] == "DENIED"
    assert (await other.call("ping"))[0]["status"] == "OK"
    assert token_ids(server, "rev-api", "api") == []


async def test_a_password_change_ends_every_token_and_session_of_the_user(omni, server):
    server.add_user("rev-pw", "old-pw")
    server.add_user("rev-bystander", "pw")
    api = server.api_token("rev-pw")
    tokens = await omni.login("rev-pw", "old-pw")
    conn, status = await authorize(omni, tokens["access_token"])
    assert status == "OK"
    lft_token = conn.auth["token"]
    by_api = await omni.connect("$omni-api-token", api)
    bystander = await omni.connect("rev-bystander", "pw")
    server.cli("user", "passwd", "rev-pw", "--password", "new-pw")
    assert await ended(conn) and await ended(by_api)
    assert (await bystander.call("ping"))[0]["status"] == "OK"
    # nothing the old sign-ins held opens anything
    assert (await tokens_call(omni, "Tokens.refresh", refresh_token=tokens["refresh_token"])
            )["status"] == "DENIED"
    assert (await authorize(omni, tokens["access_token"]))[1] == "DENIED"
    assert (await omni.login("$omni-api-token", api))["status"] == "DENIED"
    async with aiohttp.ClientSession(headers={"Authorization-Token": lft_token}) as http:
        async with http.post(f"{conn.auth['lft_address']}/content/", data=b"{}") as resp:
            assert resp.status == 401
    assert (await omni.login("rev-pw", "old-pw"))["status"] == "DENIED"
    assert (await omni.login("rev-pw", "new-pw"))["status"] == "OK"


async def test_tokens_invalidate_signs_out_at_once(omni, server):
    server.add_user("rev-out", "pw")
    tokens = await omni.login("rev-out", "pw")
    conn, _ = await authorize(omni, tokens["access_token"])
    second = await omni.connect("rev-out", "pw")  # another sign-in: stays
    answer = await tokens_call(omni, "Tokens.invalidate", refresh_token=tokens["refresh_token"])
    assert answer["status"] == "OK"
    await asyncio.wait_for(conn.closed.wait(), 1)  # the server itself ended it: no wait
    assert (await tokens_call(omni, "Tokens.refresh", refresh_token=tokens["refresh_token"])
            )["status"] == "DENIED"
    assert (await authorize(omni, tokens["access_token"]))[1] == "DENIED"
    assert (await second.call("ping"))[0]["status"] == "OK"
    again = await tokens_call(omni, "Tokens.invalidate", refresh_token=tokens["refresh_token"])
    assert again["status"] == "INVALID_TOKEN"


async def test_tokens_delete_api_token_revokes_the_callers_own(omni, server):
    server.add_user("rev-own", "pw")
    server.add_user("rev-else", "pw")
    mine = server.cli("token", "create", "rev-own", "--name", "ci").strip()
    theirs = server.cli("token", "create", "rev-else", "--name", "ci").strip()
    conn = await omni.connect("$omni-api-token", mine)
    tokens = await omni.login("rev-own", "pw")
    answer = await tokens_call(omni, "Tokens.delete_api_token",
                               access_token=tokens["access_token"], name="ci")
    assert answer["status"] == "OK"
    await asyncio.wait_for(conn.closed.wait(), 1)
    assert (await omni.login("$omni-api-token", mine))["status"] == "DENIED"
    assert (await omni.login("$omni-api-token", theirs))["status"] == "OK"
    answer = await tokens_call(omni, "Tokens.delete_api_token",
                               access_token="forged", name="ci")
    assert answer["status"] == "INVALID_TOKEN"


async def test_token_revoke_user_and_bad_ids(omni, server):
    server.add_user("rev-all", "pw")
    conns = [await omni.connect("rev-all", "pw") for _ in range(2)]
    assert len(token_ids(server, "rev-all", "refresh")) == 2
    out = server.cli("token", "revoke", "--user", "rev-all")
    assert out.startswith("4 tokens revoked")  # two sign-ins: access and refresh each
    for conn in conns:
        assert await ended(conn)
    assert token_ids(server, "rev-all", "access") == []
    for bad in ("0000000000", "abc"):
        try:
            server.cli("token", "revoke", bad)
        except RuntimeError as failed:
            assert "no token" in str(failed) and "Traceback" not in str(failed)
        else:
            raise AssertionError(f"token revoke {bad} succeeded")

