"""Session tokens and download tickets on several server processes of one store (PostgreSQL and
S3): what one process signed opens the same door on the other (LFT, ``auth`` for a further
socket), and nothing else does: a tampered token or ticket, another user's ticket, and the token
of a revoked sign-in are refused by every process."""

import asyncio
import hashlib
import time

import aiohttp

from omni.server.urls import LFT_PATH

from omni1_test_client import Omni, put
from test_server_revocation import tokens_call
from test_server_scale_out import connected, servers

REVOKED_WITHIN_S = 10  # the servers check sign-ins every 2 s


def tampered(token: str) -> str:
    """``token`` with one character of its signed part changed."""
    body, mac = token.split(".")
    return f"{body[:-1]}{'A' if body[-1] != 'A' else 'B'}.{mac}"


async def lft_status(http, base: str, token: str) -> int:
    async with http.post(f"{base}/content/", data=b"{}",
                         headers={"Authorization-Token": token}) as resp:
        return resp.status


async def auth_status(srv, token: str) -> str:
    omni = Omni(srv.ws_url, srv.http_url)
    try:
        answer, _ = await (await omni.connlib()).call("auth", token=token)
        return answer["status"]
    finally:
        await omni.close()


async def test_a_session_token_opens_lft_and_auth_on_every_process_and_nothing_forged_does(
        shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as conn, aiohttp.ClientSession() as http:
            token = conn.auth["token"]
            for srv in (one, two):
                assert await lft_status(http, srv.http_url + LFT_PATH, token) == 200
                assert await auth_status(srv, token) == "OK"
                for forged in (tampered(token), token + "x", "forged", ""):
                    assert await lft_status(http, srv.http_url + LFT_PATH, forged) == 401
                    assert await auth_status(srv, forged) == "DENIED"


async def test_a_revoked_sign_in_is_refused_by_the_other_process(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        one.add_user("rr-alice", "pw")
        omni = Omni(one.ws_url, one.http_url)
        try:
            tokens = await omni.login("rr-alice", "pw")
            conn = await omni.connlib()
            answer, _ = await conn.call("authorize_token", token=tokens["access_token"],
                                        version="1.19", client_capabilities={})
            token, other_lft = answer["token"], two.http_url + LFT_PATH
            async with aiohttp.ClientSession() as http:
                assert await lft_status(http, other_lft, token) == 200  # checked, remembered
                answer = await tokens_call(omni, "Tokens.invalidate",
                                           refresh_token=tokens["refresh_token"])
                assert answer["status"] == "OK"
                deadline = time.monotonic() + REVOKED_WITHIN_S
                while await lft_status(http, other_lft, token) != 401:
                    assert time.monotonic() < deadline, "the other process still takes the token"
                    await asyncio.sleep(0.2)
                assert await auth_status(two, token) == "DENIED"
                assert await lft_status(http, one.http_url + LFT_PATH, token) == 401
        finally:
            await omni.close()


async def test_a_ticket_opens_only_its_owners_download_on_every_process(shared_store, tmp_path):
    with servers(shared_store, tmp_path, 2) as (one, two):
        one.add_user("rr-bob", "pw")
        data = bytes(range(256)) * (9 << 12)  # above the LFT threshold
        async with connected(one) as admin, connected(two, "rr-bob", "pw") as bob, \
                aiohttp.ClientSession() as http:
            await admin.call("create_directory", path={"path": "/open/"})
            answer, _ = await admin.call("change_acl", uri="/open/", acl={"rr-bob": ["read"]})
            assert answer["status"] == "OK"
            await put(admin, "/open/big.bin", data)
            read, _ = await admin.call("read_asset_version", path={"path": "/open/big.bin"})
            ticket = read["uri_redirection"].rsplit("/", 1)[1]
            mine, theirs = ({"Authorization-Token": c.auth["token"]} for c in (admin, bob))
            for srv in (one, two):
                base = f"{srv.http_url}{LFT_PATH}/content/"
                async with http.get(base + ticket, headers=mine) as resp:
                    assert resp.status == 200 and await resp.read() == data
                # bob may read the file, but the ticket is the admin's
                async with http.get(base + ticket, headers=theirs) as resp:
                    assert resp.status == 404
                async with http.get(base + tampered(ticket), headers=mine) as resp:
                    assert resp.status == 404
                # a session token is no ticket, though the same secret signs both
                async with http.get(base + mine["Authorization-Token"], headers=mine) as resp:
                    assert resp.status == 404
            # the longest path there is, of 4-byte characters: its ticket still fits a request line
            longest = "".join(f"/{chr(0x1D11E) * 254}" for _ in range(16))[:4096]
            await put(admin, longest, data)
            read, _ = await admin.call("read_asset_version", path={"path": longest})
            async with http.get(read["uri_redirection"].replace(one.http_url, two.http_url),
                                headers=mine) as resp:
                assert resp.status == 200 and await resp.read() == data


async def test_an_upload_on_another_process_fails_at_once_and_says_why(shared_store, tmp_path):
    """An upload's parts are staged by the process that opened it: a part or the create_asset
    reaching another process is refused with a clear answer (no wait), and the upload is still
    whole on its own process."""
    with servers(shared_store, tmp_path, 2) as (one, two):
        async with connected(one) as conn, connected(two) as other, \
                aiohttp.ClientSession(headers={"Authorization-Token": conn.auth["token"]}) as http:
            async with http.post(f"{one.http_url}{LFT_PATH}/content/", data=b"{}") as resp:
                cid = (await resp.json())["content_id_numeric"]
            part = {"Content-ID": str(cid), "Content-Start": "0"}
            async with http.put(f"{two.http_url}{LFT_PATH}/content/", data=b"part",
                                headers=part) as resp:
                assert resp.status == 404 and "--lft-address" in await resp.text()
            answer, _ = await other.call("create_asset", tail=b"", path={"path": "/up.bin"},
                                         content_id=cid, overwrite=True)
            assert answer["status"] == "INVALID_CONTENT_ID"
            async with http.put(f"{one.http_url}{LFT_PATH}/content/", data=b"part",
                                headers=part) as resp:
                assert resp.status == 200
            answer, _ = await conn.call("create_asset", tail=b"", path={"path": "/up.bin"},
                                        content_id=cid, overwrite=True)
            assert answer["status"] == "OK"
            assert answer["hash_value"] == hashlib.sha256(b"part").hexdigest()
