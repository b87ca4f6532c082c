"""Hardening (issue 14): what a second user, or a careless or hostile client, could do
against a real server, refused.  A right checked on ``read`` holds for hashes, events,
the trash, download URLs and error messages.  The server's log must hold no traceback
(conftest's server fixture checks it)."""

import hashlib
import os
import socket
import unicodedata

import aiohttp
import pytest

from omni.server.framing import sows

from omni1_test_client import put, store_text

BOB = ("bob", "bob-pw")


@pytest.fixture(scope="module")
def bob_user(server):
    server.add_user(*BOB)
    return BOB


@pytest.fixture
async def bob(omni, bob_user):
    return await omni.connect(*bob_user)


async def shared_folder_with_a_secret(admin, d, data=b"secret"):
    """``d`` readable and writable by bob, ``d/secret`` (holding ``data``) denied to him."""
    await admin.call("create_directory", path={"path": d})
    answer, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": d}, "acl": {"bob": ["read", "write"]}}])
    assert answer["pathStatuses"] == ["OK"]
    await put(admin, f"{d}/secret", data)
    answer, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": f"{d}/secret"}, "acl": {"bob": []}}])
    assert answer["pathStatuses"] == ["OK"]


def by_hash(data):
    return dict(hash_type="sha256", hash_value=hashlib.sha256(data).hexdigest(),
                hash_bsize=len(data))


# 1. content by hash


async def test_a_hash_names_only_content_the_user_may_read(admin, bob, d):
    secret = b"secret " + os.urandom(16)
    await shared_folder_with_a_secret(admin, d, secret)
    answer, _ = await bob.call("create_asset_with_hash", path={"path": f"{d}/copy"},
                               **by_hash(secret))
    assert answer["status"] == "NOT_EXIST"  # as for content the server does not hold
    stat, _ = await bob.call("stat2", path={"path": f"{d}/copy"})
    assert stat["status"] == "INVALID_URI"
    # deleted and obliterated content is no one's to name
    gone = b"gone " + os.urandom(16)
    await put(admin, f"{d}/gone", gone)
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/gone"}])
    answer, _ = await bob.call("create_asset_with_hash", path={"path": f"{d}/copy"},
                               **by_hash(gone))
    assert answer["status"] == "NOT_EXIST"
    # once bob may read a file holding it, the hash works
    await put(admin, f"{d}/shared", secret)
    answer, _ = await bob.call("create_asset_with_hash", path={"path": f"{d}/copy"},
                               **by_hash(secret))
    assert answer["status"] == "OK"


# 2. events


async def test_deletions_are_told_only_to_who_could_see_the_item(admin, bob, d):
    await shared_folder_with_a_secret(admin, d)
    sub = bob.start("subscribe_list", path={"path": d + "/"})
    await bob.call("ping")  # registered
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/secret"}])
    await put(admin, f"{d}/visible", b"v")
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/visible"}])
    seen = [(a["event"], a["entry"]["path"]) for a, _ in
            [await bob.next(sub, "subscribe_list") for _ in range(2)]]
    assert seen == [("create", f"{d}/visible"), ("delete", f"{d}/visible")]
    await bob.stop(sub)


# 3. the trash


async def test_the_trash_keeps_the_rights_an_item_was_deleted_with(admin, bob, d):
    await shared_folder_with_a_secret(admin, d)
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/secret"}])
    listed = await bob.stream("list_deleted", path=d)
    assert [e["path"] for a in listed for e in a["entries"]] == []
    answer, _ = await bob.call("undelete", path={"path": f"{d}/secret"})
    assert answer["status"] == "INVALID_URI"
    answer, _ = await bob.call("obliterate", paths=[{"path": f"{d}/secret"}])
    assert answer["responses"] != ["OK"]
    # the owner's recoverable copy is still there
    listed = await admin.stream("list_deleted", path=d)
    assert [e["path"] for a in listed for e in a["entries"]] == [f"{d}/secret"]
    answer, _ = await admin.call("undelete", path={"path": f"{d}/secret"})
    assert answer["status"] == "OK"


async def secret_in_a_folder(admin, d):
    """``d`` shared with bob (read, write), ``d/folder/secret`` denied to him."""
    await admin.call("create_directory", path={"path": d})
    await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": d}, "acl": {"bob": ["read", "write"]}}])
    await put(admin, f"{d}/folder/secret", b"secret")
    answer, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": f"{d}/folder/secret"}, "acl": {"bob": []}}])
    assert answer["pathStatuses"] == ["OK"]


async def test_undelete_judges_every_item_deleted_with_the_one_named(admin, bob, d):
    await secret_in_a_folder(admin, d)
    await admin.stream("delete", uri=f"{d}/folder")  # the folder and what is in it
    answer, _ = await bob.call("undelete", path={"path": f"{d}/folder"})
    assert answer["status"] == "DENIED"  # it would bring back the secret deleted with it
    stat, _ = await admin.call("stat2", path={"path": f"{d}/folder"})
    assert stat["status"] == "INVALID_URI"
    answer, _ = await admin.call("undelete", path={"path": f"{d}/folder"})
    assert answer["status"] == "OK"
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/folder/secret"})
    assert tail == b"secret"


async def test_obliterate_judges_the_trash_below_the_path_named(admin, bob, d):
    await secret_in_a_folder(admin, d)
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/folder/secret"}])
    answer, _ = await bob.call("obliterate", paths=[{"path": f"{d}/folder"}])
    assert answer["responses"] == ["DENIED"]
    answer, _ = await admin.call("undelete", path={"path": f"{d}/folder/secret"})
    assert answer["status"] == "OK"  # the owner's recoverable copy survived


# 4. download URLs


async def test_a_download_url_ends_with_the_right_and_the_file(admin, bob, d):
    data = os.urandom((1 << 20) + 1)  # above the default LFT threshold
    await admin.call("create_directory", path={"path": d})
    await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": d}, "acl": {"bob": ["read"]}}])
    await put(admin, f"{d}/big", data)

    async def url_of(conn):
        answer, _ = await conn.call("read_asset_version", path={"path": f"{d}/big"})
        assert answer["status"] == "OK"
        return answer["uri_redirection"]

    async def fetch(conn, url):
        async with aiohttp.ClientSession(headers={"Authorization-Token": conn.auth["token"]}) as h:
            async with h.get(url) as resp:
                return resp.status, await resp.read()

    url = await url_of(bob)
    assert await fetch(bob, url) == (200, data)
    await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": d}, "acl": {"bob": []}}])
    assert (await fetch(bob, url))[0] == 404
    url = await url_of(admin)
    await admin.call("delete2", paths_to_delete=[{"path": f"{d}/big"}])
    assert (await fetch(admin, url))[0] == 404


# 7. what anonymous clients can make the server store


async def test_a_device_code_client_id_is_bounded(omni, server):
    client = await omni.sows()
    resp = await client.call("DeviceFlow.authorize", {"client_id": "x" * 900_000, "version": 0})
    assert resp.kind == sows.ERROR
    assert b"x" * 10_000 not in store_text(server)
    await client.ws.close()


# 9. input that made handlers fail


async def test_bad_text_and_numbers_get_a_status(admin, omni, server, d):
    await put(admin, f"{d}/f", b"x")
    lone = "\ud800"
    for command, params in (
            ("stat2", {"path": {"path": f"{d}/{lone}"}}),
            ("create_asset", {"path": {"path": f"{d}/{lone}"}}),
            ("list2", {"path": f"{d}/{lone}"}),
            ("create_group", {"group_name": lone}),
            ("get_group_users", {"group_name": lone}),
            ("add_user_to_group", {"group_name": lone, "username": lone}),
            ("read_asset_version", {"path": {"path": f"{d}/f", "checkpoint": 1 << 63}}),
            ("read_asset_version", {"path": {"path": f"{d}/f", "checkpoint": -(1 << 63) - 1}}),
            ("ping", {"ts": {"omni_client_out_ts": float("nan")}}),
            ("ping", {"ts": {"omni_client_out_ts": float("inf")}})):
        req = admin.start(command, **params)
        answer, _ = await admin.next(req, command)
        assert answer["status"] == "INVALID_PARAMETERS", (command, answer)
    client = await omni.sows()
    for method, params in (("Credentials.auth", {"username": lone, "password": "x"}),
                           ("DeviceFlow.authorize", {"client_id": lone})):
        resp = await client.call(method, {**params, "version": 2})
        assert resp.kind == sows.ERROR, method
    await client.ws.close()
    server.assert_no_traceback()


def test_a_request_line_over_8_kib_gets_a_status(server):
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100).split()[1].startswith(b"4")
    server.assert_no_traceback()


def test_token_days_out_of_range_is_a_clear_error(server):
    with pytest.raises(RuntimeError, match="days must be from 0 to") as failed:
        server.cli("token", "create", server.admin_user, "--days", "1000000000")
    assert "Traceback" not in str(failed.value)


# 10. no existence oracle


async def test_a_denied_file_and_a_missing_file_answer_alike(admin, bob, d):
    await shared_folder_with_a_secret(admin, d)
    for command, params in (("stat2", lambda p: {"path": {"path": p}}),
                            ("read_asset_version", lambda p: {"path": {"path": p}}),
                            ("get_acl", lambda p: {"uri": p})):
        denied, _ = await bob.call(command, **params(f"{d}/secret"))
        missing, _ = await bob.call(command, **params(f"{d}/missing"))
        assert denied["status"] == missing["status"] == "INVALID_URI", command


# 11. names


async def test_an_encoded_slash_is_no_name_and_names_are_nfc(admin, d):
    answer, _ = await admin.call("create_asset", tail=b"x", path={"path": f"{d}/a%2Fb"})
    assert answer["status"] == "INVALID_URI"
    nfd, nfc = (unicodedata.normalize(form, "café") for form in ("NFD", "NFC"))
    assert nfd != nfc
    await put(admin, f"{d}/{nfd}", b"one")
    await put(admin, f"{d}/{nfc}", b"two")
    listed = await admin.stream("list2", path=d + "/")
    assert [e["path"] for a in listed for e in a["entries"]] == [f"{d}/{nfc}"]
    answer, tail = await admin.call("read_asset_version", path={"path": f"{d}/{nfd}"})
    assert tail == b"two"


# 12. an upload that received nothing


async def test_an_upload_without_parts_makes_no_file(admin, d):
    base = admin.auth["lft_address"]
    async with aiohttp.ClientSession(headers={"Authorization-Token": admin.auth["token"]}) as h:
        async with h.post(f"{base}/content/", data=b"{}") as resp:
            cid = (await resp.json())["content_id_numeric"]
    answer, _ = await admin.call("create_asset", tail=b"", path={"path": f"{d}/empty"},
                                 content_id=cid)
    assert answer["status"] != "OK"
    stat, _ = await admin.call("stat2", path={"path": f"{d}/empty"})
    assert stat["status"] == "INVALID_URI"
