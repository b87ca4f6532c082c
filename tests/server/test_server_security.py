"""Security: authentication, permission checks on every method, hostile paths,
and an ACL matrix (users x groups x operations) compared with a reference model."""

import itertools

import aiohttp
import pytest

from omni.server.methods import METHODS

from omni1_test_client import Omni, store_rows, store_text

READ, WRITE, ADMIN = 1, 2, 4
MISSING = "INVALID_URI"  # what a request naming a missing item answers


async def test_nothing_without_a_token(omni, server):
    conn = await omni.connlib()
    # the three ways in: ping, and signing in a connection (authorize_token) or a further socket of one (auth)
    for name in sorted(set(METHODS) - {"ping", "authorize_token", "auth"}):
        answer, _ = await conn.call(name, path={"path": "/"}, uri="/", paths=[{"path": "/"}])
        assert answer["status"] == "UNAUTHENTICATED", name
    denied, _ = await conn.call("authorize_token", token="forged", version="1.19",
                                client_capabilities={})
    assert denied["status"] == "DENIED"
    denied, _ = await conn.call("auth", token="forged")
    assert denied["status"] == "DENIED"
    answer, _ = await conn.call("stat2", path={"path": "/"})
    assert answer["status"] == "UNAUTHENTICATED"
    # an API token or refresh token is not an access token
    token = server.api_token(server.admin_user)
    denied, _ = await conn.call("authorize_token", token=token, version="1.19",
                                client_capabilities={})
    assert denied["status"] == "DENIED"


async def test_expired_api_token_is_refused(omni, server):
    server.add_user("exp", "exp-pw")
    token = server.api_token("exp", days=0)
    assert (await omni.login("$omni-api-token", token))["status"] == "DENIED"


async def test_lft_needs_the_session_token(omni, server):
    conn = await omni.connect(server.admin_user, server.admin_password)
    base = conn.auth["lft_address"]
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"Authorization-Token": "forged"}):
            async with http.post(f"{base}/content/", data=b"{}", headers=headers) as resp:
                assert resp.status == 401
            async with http.put(f"{base}/content/", data=b"x",
                                headers={**headers, "Content-ID": "1", "Content-Start": "0"}) as resp:
                assert resp.status == 401
            async with http.get(f"{base}/content/whatever", headers=headers) as resp:
                assert resp.status == 401
        ok = {"Authorization-Token": conn.auth["token"]}
        for path in ("/../meta.sqlite3", "/%2e%2e/meta.sqlite3", "/..%2fmeta.sqlite3"):
            async with http.get(f"{base}/content{path}", headers=ok) as resp:
                assert resp.status == 404


@pytest.fixture(scope="module")
def hostile_user(server):
    server.add_user("hp", "hp-pw")
    return "hp", "hp-pw"


@pytest.mark.parametrize("raw", [
    "/Users/hp/../admin/x", "/Users/hp/%2e%2e/x", "/Users/hp/%2E%2E/x", "/Users/hp/./x",
    "/Users/hp/a\x00b", "/Users/hp/a\\..\\b", "Users/hp/x", "/Users/hp/\x7f", "",
])
async def test_hostile_paths_are_refused(omni, hostile_user, raw):
    conn = await omni.connect(*hostile_user)
    answer, _ = await conn.call("create_asset", tail=b"x", path={"path": raw}, overwrite=True)
    assert answer["status"] in ("INVALID_URI", "DENIED")
    answer, _ = await conn.call("read_asset_version", path={"path": raw})
    assert answer["status"] in ("INVALID_URI", "DENIED")
    answer = await conn.stream("list2", path=raw)
    assert answer[0]["status"] in ("INVALID_URI", "DENIED")


async def test_double_slashes_stay_in_the_tree(omni, server):
    server.add_user("ds", "ds-pw")
    conn = await omni.connect("ds", "ds-pw")
    answer, _ = await conn.call("create_asset", tail=b"x", path={"path": "//Users//ds//f"})
    assert answer["status"] == "OK"
    answer, tail = await conn.call("read_asset_version", path={"path": "/Users/ds/f"})
    assert answer["status"] == "OK" and tail == b"x"
    files = [p.name for p in server.data_dir.rglob("*") if p.is_file()]
    assert "f" not in files  # client paths never become file names


# -- the ACL matrix ------------------------------------------------------------

GROUPS = {"g_read": ["u_grp_read"], "g_write": ["u_grp_write"]}
USERS = ["u_none", "u_read", "u_write", "u_admin", "u_grp_read", "u_grp_write"]
TOP, SUB = "/M/top", "/M/top/sub"
ACLS = {
    TOP: {"u_read": ["read"], "u_write": ["read", "write"], "u_admin": ["read", "write", "admin"],
          "g_read": ["read"], "g_write": ["read", "write"]},
    SUB: {"g_write": [], "u_read": ["read", "write"]},  # revoke a group, widen a user
}
# reference model: what each user may do in each folder (written out by hand)
EXPECTED = {
    "u_none": {TOP: 0, SUB: 0},
    "u_read": {TOP: READ, SUB: READ | WRITE},
    "u_write": {TOP: READ | WRITE, SUB: READ | WRITE},
    "u_admin": {TOP: 7, SUB: 7},
    "u_grp_read": {TOP: READ, SUB: READ},
    "u_grp_write": {TOP: READ | WRITE, SUB: 0},
}
OPS = {  # operation -> permission it needs on the folder's items
    "stat": READ, "list": READ, "read": READ, "get_acl": READ, "copy_out": READ,
    "write_new": WRITE, "overwrite": WRITE, "delete": WRITE, "delete2": WRITE, "copy_in": WRITE,
    "move": WRITE, "mkdir": WRITE, "change_acl": ADMIN,
}
PARENT = {TOP: "/M", SUB: TOP}


def expected_refusal(user, folder, op):
    """What a refused operation answers (issue 14, item 10): an item hidden from the user
    (no read right on it) in a folder granting what was asked answers as a missing one
    would; otherwise DENIED.  ``list`` names the folder itself, the others a file in it
    (whose rights are the folder's)."""
    target, parent = (folder, PARENT[folder]) if op == "list" else (folder, folder)
    parent_bits = EXPECTED[user].get(parent, 0)
    hidden = not EXPECTED[user][target] & READ
    return MISSING if hidden and parent_bits & OPS[op] else "DENIED"


async def run_op(conn, op, folder, user):
    f = f"{folder}/{user}-{op}"
    home = f"/Users/{user}"
    if op == "stat":
        a, _ = await conn.call("stat2", path={"path": f})
    elif op == "list":
        a = (await conn.stream("list2", path=folder + "/"))[0]
    elif op == "read":
        a, _ = await conn.call("read_asset_version", path={"path": f})
    elif op == "get_acl":
        a, _ = await conn.call("get_acl", uri=f)
    elif op == "copy_out":
        a, _ = await conn.call("copy", uri=f, to=f"{home}/copied-{op}-{folder.count('/')}",
                               transaction_id="0")
    elif op == "write_new":
        a, _ = await conn.call("create_asset", tail=b"new", path={"path": f + "-new"})
    elif op == "overwrite":
        a, _ = await conn.call("create_asset", tail=b"changed", path={"path": f}, overwrite=True)
    elif op == "delete":
        a = (await conn.stream("delete", uri=f) or [{"status": "DONE-ONLY"}])[0]
    elif op == "delete2":
        a, _ = await conn.call("delete2", paths_to_delete=[{"path": f}])
    elif op == "copy_in":
        a, _ = await conn.call("copy2", paths_to_copy=[{"src": {"path": f"{home}/mine"},
                                                        "dst": {"path": f + "-in"}}])
    elif op == "move":
        a, _ = await conn.call("rename2", paths_to_rename=[{"src": {"path": f},
                                                            "dst": {"path": f + "-moved"}}])
    elif op == "mkdir":
        a, _ = await conn.call("create_directory", path={"path": f + "-dir/"})
    elif op == "change_acl":
        a, _ = await conn.call("change_acl", uri=f, acl={user: ["read"]})
    return a["status"]


async def test_acl_matrix(server):
    admin_client = Omni(server.ws_url, server.http_url)
    admin = await admin_client.connect(server.admin_user, server.admin_password)
    for user in USERS:
        server.add_user(user, f"{user}-pw")
    for group, members in GROUPS.items():
        assert (await admin.call("create_group", group_name=group))[0]["status"] == "OK"
        for member in members:
            assert (await admin.call("add_user_to_group", username=member,
                                     group_name=group))[0]["status"] == "OK"
    for folder in (TOP, SUB):
        for user, op in itertools.product(USERS, OPS):
            await admin.call("create_asset", tail=b"original", path={"path": f"{folder}/{user}-{op}"})
    # change_acl makes TOP's ACL exactly this; set_acl_v2 sets SUB's explicit
    # entries, everything else being inherited from TOP
    assert (await admin.call("change_acl", uri=TOP, acl=ACLS[TOP]))[0]["status"] == "OK"
    answer, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": SUB}, "acl": ACLS[SUB]}])
    assert answer["pathStatuses"] == ["OK"]
    for user in USERS:
        await admin.call("create_asset", tail=b"mine", path={"path": f"/Users/{user}/mine"})

    unexpected_allows, unexpected_denies = [], []
    checked = 0
    for user in USERS:
        client = Omni(server.ws_url, server.http_url)
        conn = await client.connect(user, f"{user}-pw")
        for folder, (op, needed) in itertools.product((TOP, SUB), OPS.items()):
            allowed = bool(EXPECTED[user][folder] & needed)
            status = await run_op(conn, op, folder, user)
            checked += 1
            if allowed and status != "OK":
                unexpected_denies.append((user, folder, op, status))
            if not allowed and status != expected_refusal(user, folder, op):
                unexpected_allows.append((user, folder, op, status))
            if not allowed and op == "overwrite":
                _, tail = await admin.call("read_asset_version",
                                           path={"path": f"{folder}/{user}-{op}"})
                assert tail == b"original"
        await client.close()
    await admin_client.close()
    assert checked == len(USERS) * 2 * len(OPS)
    assert unexpected_allows == []
    assert unexpected_denies == []


async def test_only_administrators_change_groups(omni, server):
    server.add_user("plain", "plain-pw")
    conn = await omni.connect("plain", "plain-pw")
    assert conn.auth["super_user"] is False
    for command, params in [("create_group", {"group_name": "g"}),
                            ("rename_group", {"group_name": "g", "new_group_name": "h"}),
                            ("remove_group", {"group_name": "g"}),
                            ("add_user_to_group", {"group_name": "g", "username": "plain"}),
                            ("remove_user_from_group", {"group_name": "g", "username": "plain"})]:
        answer, _ = await conn.call(command, **params)
        assert answer["status"] == "DENIED", command
    users, _ = await conn.call("get_users")  # reading the directory is allowed
    assert users["status"] == "OK" and "plain" in users["users"]
    mine, _ = await conn.call("get_user_groups", username="plain")
    assert mine["status"] == "OK" and mine["groups"] == []


async def test_secrets_are_stored_hashed(omni, server):
    server.add_user("hush", "hush-very-secret-password")
    api_token = server.api_token("hush")
    tokens = await omni.login("hush", "hush-very-secret-password")
    client = await omni.sows()
    refreshed = (await client.call("Tokens.refresh", {"refresh_token": tokens["refresh_token"]},
                                   "OmniAuth")).answer
    stored = store_text(server)
    for secret in ("hush-very-secret-password", api_token, tokens["access_token"],
                   tokens["refresh_token"], refreshed["access_token"], refreshed["refresh_token"]):
        assert secret.encode() not in stored
    [(password_hash,)] = store_rows(server, "SELECT password_hash FROM users WHERE name='hush'")
    assert password_hash.startswith("$argon2id$")
    kinds = {k for (k,) in store_rows(server, "SELECT kind FROM tokens WHERE username='hush'")}
    assert kinds == {"access", "refresh", "api"}
