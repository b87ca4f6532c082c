"""The Connection service, method by method: success and each error status.

Every answer is checked against the IDL field lists by the test client."""

import asyncio
import hashlib
import itertools
import json

import pytest

import omni1_idl_schema as idl_schema

_counter = itertools.count()


@pytest.fixture
def d():
    """A fresh folder name for one test."""
    return f"/t{next(_counter)}"


async def mkfile(conn, path, data=b"data"):
    answer, _ = await conn.call("create_asset", tail=data, path={"path": path}, overwrite=True)
    assert answer["status"] == "OK", answer
    return answer


# -- discovery and auth ------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/omni/discovery"])
async def test_discovery_finds_our_services(omni, server, path):
    client = await omni.sows(path)
    query = {"service_interface": {"origin": "omni1.idl.ts", "name": "Connection",
                                   "capabilities": {"list2": 2}},
             "supported_transport": [{"name": "connlib"}], "meta": {"deployment": "external"}}
    resp = await client.call("DiscoverySearch.find", {"query": query, "version": 2}, "SearchResult")
    assert resp.answer["found"] and resp.last
    assert json.loads(resp.answer["transport"]["params"])["url"] == \
        f"{server.ws_url}/omni/connlib"
    for name in ("Credentials", "Tokens", "DeviceFlow"):
        query["service_interface"] = {"origin": "OmniAuth.idl.ts", "name": name}
        resp = await client.call("DiscoverySearch.find", {"query": query}, "SearchResult")
        assert resp.answer["found"] and resp.answer["transport"]["name"] == "sows"
    query["service_interface"] = {"origin": "OmniAuth.idl.ts", "name": "SSO"}
    resp = await client.call("DiscoverySearch.find", {"query": query}, "SearchResult")
    assert resp.answer == {"found": False, "version": 2}


async def test_credentials_refresh_and_api_token(omni, server):
    tokens = await omni.login(server.admin_user, server.admin_password)
    assert tokens["status"] == "OK" and tokens["username"] == server.admin_user
    assert (await omni.login(server.admin_user, "wrong"))["status"] == "DENIED"
    assert (await omni.login("nobody", "x"))["status"] == "DENIED"
    client = await omni.sows()
    refreshed = await client.call("Tokens.refresh", {"refresh_token": tokens["refresh_token"],
                                                     "version": 1}, "OmniAuth")
    assert refreshed.answer["status"] == "OK"
    assert refreshed.answer["access_token"] != tokens["access_token"]
    # refresh tokens rotate: the old one is used up
    again = await client.call("Tokens.refresh", {"refresh_token": tokens["refresh_token"],
                                                 "version": 1}, "OmniAuth")
    assert again.answer["status"] == "DENIED"
    token = server.api_token(server.admin_user)
    by_api = await client.call("Tokens.auth_with_api_token", {"api_token": token, "version": 1},
                               "OmniAuth")
    assert by_api.answer["status"] == "OK" and by_api.answer["username"] == server.admin_user
    bad = await client.call("Tokens.auth_with_api_token", {"api_token": "nope", "version": 1},
                            "OmniAuth")
    assert bad.answer["status"] == "INVALID_TOKEN"
    magic = await client.call("Credentials.auth", {"username": "$omni-api-token",
                                                   "password": token, "version": 2}, "OmniAuth")
    assert magic.answer["status"] == "OK" and magic.answer["username"] == server.admin_user
    unknown = await client.call("Nope.method", {})
    assert unknown.kind == 0 and unknown.code == 404


async def test_device_flow(omni, server):
    client = await omni.sows()
    start = await client.call("DeviceFlow.authorize", {"client_id": "tests", "version": 0},
                              "DeviceAuthorize")
    code = start.answer
    poll = {"client_id": "tests", "device_code": code["device_code"], "version": 0}
    assert (await client.call("DeviceFlow.token", poll, "OmniAuth")).answer["status"] == "PENDING"
    wrong_client = dict(poll, client_id="other")
    assert (await client.call("DeviceFlow.token", wrong_client, "OmniAuth")).answer["status"] == \
        "NOT_FOUND"
    server.cli("device", "approve", code["user_code"], server.admin_user)
    done = await client.call("DeviceFlow.token", poll, "OmniAuth")
    assert done.answer["status"] == "OK" and done.answer["username"] == server.admin_user
    # a device code is used once
    assert (await client.call("DeviceFlow.token", poll, "OmniAuth")).answer["status"] == \
        "NOT_FOUND"


async def test_authorize_token(omni, server):
    tokens = await omni.login(server.admin_user, server.admin_password)
    conn = await omni.connlib()
    denied, _ = await conn.call("authorize_token", token="bad", version="1.19",
                                client_capabilities={})
    assert denied["status"] == "DENIED"
    answer, _ = await conn.call("authorize_token", token=tokens["access_token"], version="1.19",
                                client_capabilities={"list2": 5})
    assert answer["status"] == "OK" and answer["username"] == server.admin_user
    assert answer["super_user"] is True
    caps = answer["server_capabilities"]
    for name in ("stat2", "list2", "create_asset", "read_asset_version", "delete2", "copy2",
                 "rename2", "get_acl", "get_users", "lock", "checkpoint_version"):
        assert name in caps
    assert answer["lft_address"] == f"{server.http_url}/omni/lft"
    assert answer["lft_threshold"] > 0 and answer["multipart_chunk_size"] > 0
    features = [await conn.call(m) for m in ("omni_objects2", "versioning")]
    assert features[0][0]["status"] == "NOT_IMPLEMENTED"
    assert features[1][0] == {"id": features[1][0]["id"], "status": "OK", "enabled": True}


async def test_ping_and_user_agent(admin):
    answer, _ = await admin.call("ping", ts={"omni_client_out_ts": 123})
    assert answer["status"] == "OK" and answer["ts"]["omni_client_out_ts"] == 123
    assert answer["ts"]["omni_server_out_ts"] >= answer["ts"]["omni_server_in_ts"]
    answer, _ = await admin.call("set_user_agent", userAgent="tests/1.0")
    assert answer["status"] == "OK"


# -- reading -----------------------------------------------------------------

async def test_stat2(admin, d):
    await mkfile(admin, f"{d}/a.txt", b"12345")
    answer, _ = await admin.call("stat2", path={"path": f"{d}/a.txt"})
    assert answer["status"] == "OK" and answer["type"] == "asset" and answer["size"] == 5
    assert answer["hash_value"] == hashlib.sha256(b"12345").hexdigest()
    assert answer["acl"] == ["read", "write", "admin"]
    folder, _ = await admin.call("stat2", path={"branch": "", "path": f"{d}/"})
    assert folder["status"] == "OK" and folder["type"] == "folder" and folder["empty"] is False
    root, _ = await admin.call("stat2", path={"branch": "", "path": "/"})
    assert root["status"] == "OK" and root["type"] == "folder"
    missing, _ = await admin.call("stat2", path={"path": f"{d}/nope"})
    assert missing["status"] == "INVALID_URI"
    folder_form_of_file, _ = await admin.call("stat2", path={"path": f"{d}/a.txt/"})
    assert folder_form_of_file["status"] == "INVALID_URI"
    no_checkpoint, _ = await admin.call("stat2", path={"path": f"{d}/a.txt", "checkpoint": 1})
    assert no_checkpoint["status"] == "INVALID_URI"
    other_branch, _ = await admin.call("stat2", path={"path": f"{d}/a.txt", "branch": "dev"})
    assert other_branch["status"] == "INVALID_URI"
    bad, _ = await admin.call("stat2", path={"path": "relative"})
    assert bad["status"] == "INVALID_URI"
    wrong_type, _ = await admin.call("stat2", path="/not-an-object")
    assert wrong_type["status"] == "INVALID_PARAMETERS"


async def test_list2(admin, d):
    for name in ("b.txt", "a.txt"):
        await mkfile(admin, f"{d}/{name}")
    await admin.call("create_directory", path={"path": f"{d}/sub/"})
    answers = await admin.stream("list2", path=f"{d}/")
    entries = [e for a in answers for e in a["entries"]]
    assert [e["path"] for e in entries] == [f"{d}/a.txt", f"{d}/b.txt", f"{d}/sub"]
    assert [e["path_type"] for e in entries] == ["asset", "asset", "folder"]
    sub = entries[2]
    assert sub["empty"] is True and sub["size"] == 0
    assert all(e["created_timestamp"] > 1.7e9 and e["created_timestamp"] < 4e9 for e in entries)
    only_folders = await admin.stream("list2", path=f"{d}/", path_types=["folder"])
    assert [e["path"] for a in only_folders for e in a["entries"]] == [f"{d}/sub"]
    missing = await admin.stream("list2", path=f"{d}/nope/")
    assert [a["status"] for a in missing] == ["INVALID_URI"]
    file_listing = await admin.stream("list2", path=f"{d}/a.txt")
    assert [a["status"] for a in file_listing] == ["INVALID_URI"]
    bad = await admin.stream("list2", path=42)
    assert [a["status"] for a in bad] == ["INVALID_PARAMETERS"]


async def test_list2_large_folder_is_batched(admin, d):
    for i in range(600):
        admin.start("create_asset", tail=b"", path={"path": f"{d}/f{i:04}"})
    await mkfile(admin, f"{d}/zzz")
    answers = await admin.stream("list2", path=f"{d}/")
    assert len(answers) == 2
    assert sum(len(a["entries"]) for a in answers) == 601


async def test_legacy_list(admin, d):
    await mkfile(admin, f"{d}/x/y.txt")
    flat = await admin.stream("list", uri=f"{d}/", recursive=False, show_hidden=False)
    assert [(a["uri"], a["type"]) for a in flat] == [(f"{d}/x", "folder")]
    deep = await admin.stream("list", uri=f"{d}", recursive=True, show_hidden=False)
    assert sorted(a["uri"] for a in deep) == [f"{d}/x", f"{d}/x/y.txt"]
    missing = await admin.stream("list", uri=f"{d}/nope", recursive=False, show_hidden=False)
    assert [a["status"] for a in missing] == ["INVALID_URI"]


async def test_read_asset_version_inline(admin, d):
    created = await mkfile(admin, f"{d}/r.bin", b"\x00\x01binary\xff")
    answer, tail = await admin.call("read_asset_version", path={"path": f"{d}/r.bin"})
    assert answer["status"] == "OK" and tail == b"\x00\x01binary\xff"
    assert answer["etag"] == created["etag"] and answer["size"] == 9
    empty = await mkfile(admin, f"{d}/empty", b"")
    answer, tail = await admin.call("read_asset_version", path={"path": f"{d}/empty"})
    assert answer["status"] == "OK" and tail == b"" and answer["etag"] == empty["etag"]
    missing, _ = await admin.call("read_asset_version", path={"path": f"{d}/nope"})
    assert missing["status"] == "INVALID_URI"
    folder, _ = await admin.call("read_asset_version", path={"path": d})
    assert folder["status"] == "NOT_ASSET"
    legacy, tail = await admin.call("read", uri=f"{d}/r.bin")
    assert legacy["status"] == "OK" and legacy["uri"] == f"{d}/r.bin"
    assert tail == b"\x00\x01binary\xff"
    legacy_missing, _ = await admin.call("read", uri=f"{d}/nope")
    assert legacy_missing["status"] == "INVALID_URI"


# -- writing -----------------------------------------------------------------

async def test_create_asset(admin, d):
    first = await mkfile(admin, f"{d}/n.txt", b"one")
    assert first["hash_type"] == "sha256" and first["hash_value"] == hashlib.sha256(b"one").hexdigest()
    exists, _ = await admin.call("create_asset", tail=b"two", path={"path": f"{d}/n.txt"})
    assert exists["status"] == "ALREADY_EXISTS"
    second = await mkfile(admin, f"{d}/n.txt", b"two")
    assert int(second["etag"]) > int(first["etag"])
    assert second["transaction_id"] == int(second["etag"])
    onto_folder, _ = await admin.call("create_asset", tail=b"x", path={"path": d}, overwrite=True)
    assert onto_folder["status"] == "ALREADY_EXISTS"
    under_file, _ = await admin.call("create_asset", tail=b"x", path={"path": f"{d}/n.txt/c"})
    assert under_file["status"] == "ALREADY_EXISTS"
    root, _ = await admin.call("create_asset", tail=b"x", path={"path": "/"})
    assert root["status"] == "INVALID_URI"
    bad_id, _ = await admin.call("create_asset", tail=b"", path={"path": f"{d}/m"}, content_id=999)
    assert bad_id["status"] == "INVALID_CONTENT_ID"
    wrong, _ = await admin.call("create_asset", tail=b"", path={"path": f"{d}/m"}, overwrite="yes")
    assert wrong["status"] == "INVALID_PARAMETERS"


async def test_update_asset(admin, d):
    created = await mkfile(admin, f"{d}/u.txt", b"v1")
    answer, _ = await admin.call("update_asset", tail=b"v2", path={"path": f"{d}/u.txt"},
                                 etag=created["etag"])
    assert answer["status"] == "OK"
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/u.txt"})
    assert tail == b"v2"
    stale, _ = await admin.call("update_asset", tail=b"v3", path={"path": f"{d}/u.txt"},
                                etag=created["etag"])
    assert stale["status"] == "INVALID_ETAG"
    missing, _ = await admin.call("update_asset", tail=b"x", path={"path": f"{d}/none"})
    assert missing["status"] == "INVALID_URI"
    delta, _ = await admin.call("update_asset", tail=b"x", path={"path": f"{d}/u.txt"}, delta="d")
    assert delta["status"] == "NOT_IMPLEMENTED"
    folder, _ = await admin.call("update_asset", tail=b"x", path={"path": d})
    assert folder["status"] == "NOT_ASSET"


async def test_create_asset_with_hash(admin, d):
    await mkfile(admin, f"{d}/orig", b"hash me")
    digest = hashlib.sha256(b"hash me").hexdigest()
    answer, _ = await admin.call("create_asset_with_hash", path={"path": f"{d}/same"},
                                 hash_type="sha256", hash_value=digest, hash_bsize=7)
    assert answer["status"] == "OK" and answer["hash_value"] == digest
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/same"})
    assert tail == b"hash me"
    unknown, _ = await admin.call("create_asset_with_hash", path={"path": f"{d}/x"},
                                  hash_type="sha256", hash_value="0" * 64, hash_bsize=1)
    assert unknown["status"] == "NOT_EXIST"
    md5, _ = await admin.call("create_asset_with_hash", path={"path": f"{d}/x"},
                              hash_type="md5", hash_value="abc", hash_bsize=1)
    assert md5["status"] == "NOT_EXIST"
    other_block_size, _ = await admin.call("create_asset_with_hash", path={"path": f"{d}/x"},
                                           hash_type="sha256", hash_value=digest, hash_bsize=4096)
    assert other_block_size["status"] == "NOT_EXIST"
    exists, _ = await admin.call("create_asset_with_hash", path={"path": f"{d}/same"},
                                 hash_type="sha256", hash_value=digest, hash_bsize=7)
    assert exists["status"] == "ALREADY_EXISTS"


async def test_update_asset_with_hash(admin, d):
    first = await mkfile(admin, f"{d}/f", b"first")
    await mkfile(admin, f"{d}/g", b"known content")
    digest = hashlib.sha256(b"known content").hexdigest()
    stale, _ = await admin.call("update_asset_with_hash", path={"path": f"{d}/f"}, etag="1",
                                hash_type="sha256", hash_value=digest, hash_bsize=13)
    assert stale["status"] == "INVALID_ETAG"
    answer, _ = await admin.call("update_asset_with_hash", path={"path": f"{d}/f"},
                                 etag=first["etag"], hash_type="SHA256", hash_value=digest,
                                 hash_bsize=13)
    assert answer["status"] == "OK" and answer["etag"] != first["etag"]
    assert answer["hash_value"] == digest and answer["hash_bsize"] == 13
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/f"})
    assert tail == b"known content"
    missing, _ = await admin.call("update_asset_with_hash", path={"path": f"{d}/nope"},
                                  hash_type="sha256", hash_value=digest, hash_bsize=13)
    assert missing["status"] == "INVALID_URI"
    unknown, _ = await admin.call("update_asset_with_hash", path={"path": f"{d}/f"},
                                  hash_type="sha256", hash_value="1" * 64, hash_bsize=13)
    assert unknown["status"] == "NOT_EXIST"


async def test_create_legacy(admin, d):
    folder, _ = await admin.call("create", tail=b"", type=2, uri=f"{d}/made")
    assert folder["status"] == "OK" and folder["type"] == "folder" and folder["uri"] == f"{d}/made"
    again, _ = await admin.call("create", tail=b"", type=2, uri=f"{d}/made")
    assert again["status"] == "ALREADY_EXISTS"
    asset, _ = await admin.call("create", tail=b"legacy", type=1, uri=f"{d}/made/f.txt")
    assert asset["status"] == "OK" and asset["type"] == "asset"
    assert isinstance(asset["transaction_id"], str)
    channel, _ = await admin.call("create", tail=b"", type=3, uri=f"{d}/c.channel")
    assert channel["status"] == "OK" and channel["type"] == "channel"  # test_server_channels
    other, _ = await admin.call("create", tail=b"", type=9, uri=f"{d}/other")
    assert other["status"] == "NOT_IMPLEMENTED"


async def test_create_directory(admin, d):
    answer, _ = await admin.call("create_directory", path={"branch": "", "path": f"{d}/a/b/"})
    assert answer["status"] == "OK"
    again, _ = await admin.call("create_directory", path={"path": f"{d}/a/b/"})
    assert again["status"] == "ALREADY_EXISTS"
    root, _ = await admin.call("create_directory", path={"path": "/"})
    assert root["status"] == "ALREADY_EXISTS"
    branch, _ = await admin.call("create_directory", path={"path": f"{d}/c", "branch": "dev"})
    assert branch["status"] == "INVALID_URI"  # only the default branch exists


# -- deleting, copying, moving -----------------------------------------------

async def test_delete_legacy_is_recursive_and_streamed(admin, d):
    await mkfile(admin, f"{d}/t/one")
    await mkfile(admin, f"{d}/t/sub/two")
    answers = await admin.stream("delete", uri=f"{d}/t")
    assert answers[0]["uri"] == f"{d}/t" and answers[0]["type"] == "folder"
    assert sorted(a["uri"] for a in answers) == [f"{d}/t", f"{d}/t/one", f"{d}/t/sub",
                                                 f"{d}/t/sub/two"]
    missing = await admin.stream("delete", uri=f"{d}/t")
    assert [a["status"] for a in missing] == ["INVALID_URI"]
    root = await admin.stream("delete", uri="/")
    assert [a["status"] for a in root] == ["DENIED"]


async def test_delete2(admin, d):
    await mkfile(admin, f"{d}/f")
    await mkfile(admin, f"{d}/full/x")
    await admin.call("create_directory", path={"path": f"{d}/empty/"})
    answer, _ = await admin.call("delete2", paths_to_delete=[
        {"branch": "", "path": f"{d}/f"}, {"branch": "", "path": f"{d}/f/"},
        {"path": f"{d}/empty/"}, {"path": f"{d}/full/"}, {"path": f"{d}/none"},
        {"path": "bad"}])
    assert answer["responses"] == ["OK", "OK", "OK", "FOLDER_NOT_EMPTY", "NOT_EXIST",
                                   "INVALID_URI"]
    assert answer["status"] == "OK"
    all_missing, _ = await admin.call("delete2", paths_to_delete=[{"path": f"{d}/f"},
                                                                  {"path": f"{d}/f/"}])
    assert all_missing == {"id": all_missing["id"], "status": "NOT_EXIST",
                           "ts": all_missing["ts"], "responses": ["NOT_EXIST", "NOT_EXIST"]}


async def test_copy2_and_legacy_copy(admin, d):
    await mkfile(admin, f"{d}/src/a", b"A")
    await mkfile(admin, f"{d}/src/in/b", b"B")
    answer, _ = await admin.call("copy2", paths_to_copy=[
        {"src": {"branch": "", "path": f"{d}/src/a"}, "dst": {"branch": "", "path": f"{d}/a2"},
         "message": ""},
        {"src": {"path": f"{d}/src"}, "dst": {"path": f"{d}/copy"}},
        {"src": {"path": f"{d}/none"}, "dst": {"path": f"{d}/x"}},
        {"src": {"path": f"{d}/src"}, "dst": {"path": f"{d}/src/inside"}},
    ])
    assert answer["responses"] == ["OK", "OK", "NOT_EXIST", "OPERATION_FAILED"]
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/copy/in/b"})
    assert tail == b"B"
    overwrite, _ = await admin.call("copy2", paths_to_copy=[
        {"src": {"path": f"{d}/src/in/b"}, "dst": {"path": f"{d}/a2"}}])
    assert overwrite["responses"] == ["OK"]
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/a2"})
    assert tail == b"B"
    legacy, _ = await admin.call("copy", uri=f"{d}/src/a", to=f"{d}/a3", transaction_id="0")
    assert legacy["status"] == "OK" and legacy["uri"] == f"{d}/a3" and legacy["num_copied"] == "1"
    legacy_missing, _ = await admin.call("copy", uri=f"{d}/nope", to=f"{d}/a4", transaction_id="0")
    assert legacy_missing["status"] == "INVALID_URI"


async def test_rename2_and_legacy_rename(admin, d):
    await mkfile(admin, f"{d}/a", b"A")
    await mkfile(admin, f"{d}/dir/inner", b"I")
    answer, _ = await admin.call("rename2", paths_to_rename=[
        {"src": {"branch": "", "path": f"{d}/a"}, "dst": {"branch": "", "path": f"{d}/b"}},
        {"src": {"branch": "", "path": f"{d}/a/"}, "dst": {"branch": "", "path": f"{d}/b/"}}])
    assert answer["responses"] == ["OK", "OK"] and answer["status"] == "OK"
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/b"})
    assert tail == b"A"
    folder, _ = await admin.call("rename2", paths_to_rename=[
        {"src": {"path": f"{d}/dir"}, "dst": {"path": f"{d}/dir2"}},
        {"src": {"path": f"{d}/dir/"}, "dst": {"path": f"{d}/dir2/"}}])
    assert folder["responses"] == ["OK", "OK"]
    _, tail = await admin.call("read_asset_version", path={"path": f"{d}/dir2/inner"})
    assert tail == b"I"
    await mkfile(admin, f"{d}/c")
    conflicts, _ = await admin.call("rename2", paths_to_rename=[
        {"src": {"path": f"{d}/b"}, "dst": {"path": f"{d}/c"}},
        {"src": {"path": f"{d}/none"}, "dst": {"path": f"{d}/x"}},
        {"src": {"path": f"{d}/dir2"}, "dst": {"path": f"{d}/dir2/sub"}}])
    assert conflicts["responses"] == ["ALREADY_EXISTS", "NOT_EXIST", "OPERATION_FAILED"]
    legacy, _ = await admin.call("rename", source_and_destination=[
        {"key": f"{d}/b", "value": f"{d}/b2"}])
    assert legacy["status"] == "OK" and legacy["responses"] == ["OK"]
    wrong, _ = await admin.call("rename", source_and_destination=[{"key": f"{d}/b2"}])
    assert wrong["status"] == "INVALID_PARAMETERS"


# -- ACLs --------------------------------------------------------------------

async def test_acl_methods(admin, server, d):
    await mkfile(admin, f"{d}/doc")
    answer, _ = await admin.call("get_acl", uri=f"{d}/doc")
    assert answer["acl"] == {server.admin_user: ["read", "write", "admin"]}
    changed, _ = await admin.call("change_acl", uri=d, acl={"g1": ["read"], "g2": ["read", "write"]})
    assert changed["status"] == "OK" and changed["uri"] == d
    inherited, _ = await admin.call("get_acl", uri=f"{d}/doc")
    assert inherited["acl"] == {"g1": ["read"], "g2": ["read", "write"]}
    bad_perm, _ = await admin.call("change_acl", uri=d, acl={"g1": ["fly"]})
    assert bad_perm["status"] == "INVALID_PARAMETERS"
    missing, _ = await admin.call("change_acl", uri=f"{d}/none", acl={})
    assert missing["status"] == "INVALID_URI"
    v2, _ = await admin.call("get_acl_v2", paths=[{"path": d}, {"path": f"{d}/doc"},
                                                  {"path": f"{d}/none"}])
    assert [r["status"] for r in v2["responses"]] == ["OK", "OK", "INVALID_URI"]
    assert v2["responses"][0]["acl"]["g2"] == ["read", "write"]
    assert v2["responses"][1]["acl"] == {}
    assert v2["responses"][0]["acl"][server.admin_user] == []  # explicitly revoked at d
    resolved, _ = await admin.call("get_acl_resolved", paths=[{"path": f"{d}/doc"}])
    assert resolved["responses"][0]["acl"]["g1"] == {"acl": ["read"], "path": d}
    set_v2, _ = await admin.call("set_acl_v2", path_and_acls=[
        {"path_at_version": {"path": f"{d}/doc"}, "acl": {"g3": ["read"]}},
        {"path_at_version": {"path": f"{d}/none"}, "acl": {}}])
    assert set_v2["pathStatuses"] == ["OK", "INVALID_URI"]
    after, _ = await admin.call("get_acl", uri=f"{d}/doc")
    assert after["acl"] == {"g1": ["read"], "g2": ["read", "write"], "g3": ["read"]}


# -- users and groups --------------------------------------------------------

async def test_users_and_groups(admin, server):
    server.add_user("ugu", "pw-ugu")
    users, _ = await admin.call("get_users")
    assert "ugu" in users["users"] and server.admin_user in users["users"]
    assert (await admin.call("create_group", group_name="ug"))[0]["status"] == "OK"
    assert (await admin.call("create_group", group_name="ug"))[0]["status"] == "GROUP_ALREADY_EXISTS"
    assert (await admin.call("create_group", group_name="ugu"))[0]["status"] == "GROUP_ALREADY_EXISTS"
    assert (await admin.call("create_group", group_name=""))[0]["status"] == "INVALID_PARAMETERS"
    assert (await admin.call("add_user_to_group", username="ugu", group_name="ug"))[0]["status"] == "OK"
    assert (await admin.call("add_user_to_group", username="ugu", group_name="ug"))[0]["status"] == \
        "USER_ALREADY_IN_GROUP"
    assert (await admin.call("add_user_to_group", username="zz", group_name="ug"))[0]["status"] == \
        "USER_NOT_FOUND"
    assert (await admin.call("add_user_to_group", username="ugu", group_name="zz"))[0]["status"] == \
        "GROUP_NOT_FOUND"
    members, _ = await admin.call("get_group_users", group_name="ug")
    assert members["users"] == ["ugu"] and members["group"] == "ug"
    missing_group, _ = await admin.call("get_group_users", group_name="zz")
    assert missing_group["status"] == "GROUP_NOT_FOUND" and missing_group["users"] == []
    groups, _ = await admin.call("get_user_groups", username="ugu")
    assert groups["groups"] == ["ug"]
    missing_user, _ = await admin.call("get_user_groups", username="zz")
    assert missing_user["status"] == "USER_NOT_FOUND"
    renamed, _ = await admin.call("rename_group", group_name="ug", new_group_name="ug2")
    assert renamed["status"] == "OK" and renamed["new_group"] == "ug2"
    assert (await admin.call("rename_group", group_name="ug", new_group_name="x"))[0]["status"] == \
        "GROUP_NOT_FOUND"
    all_groups, _ = await admin.call("get_groups")
    assert "ug2" in all_groups["groups"] and "ug" not in all_groups["groups"]
    assert (await admin.call("remove_user_from_group", username="ugu", group_name="ug2"))[0]["status"] == "OK"
    assert (await admin.call("remove_user_from_group", username="ugu", group_name="ug2"))[0]["status"] == \
        "USER_NOT_IN_GROUP"
    removed, _ = await admin.call("remove_group", group_name="ug2")
    assert removed["status"] == "OK" and removed["change_count"] == 1
    assert (await admin.call("remove_group", group_name="ug2"))[0]["status"] == "GROUP_NOT_FOUND"


# -- subscriptions, stop, unimplemented --------------------------------------

async def test_subscribe_list_events(admin, d):
    await admin.call("create_directory", path={"path": f"{d}/"})
    sub = admin.start("subscribe_list", path={"branch": "", "path": f"{d}/"})
    await mkfile(admin, f"{d}/new.txt")  # asked after the subscription: reported
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "create" and event["entry"]["path"] == f"{d}/new.txt"
    await mkfile(admin, f"{d}/new.txt", b"changed")
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "full" and event["entry"]["size"] == 7
    await admin.call("rename2", paths_to_rename=[{"src": {"path": f"{d}/new.txt"},
                                                  "dst": {"path": f"{d}/renamed.txt"}}])
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "rename" and event["entry"]["path"] == f"{d}/new.txt"
    assert event["entry"]["destination"] == f"{d}/renamed.txt"
    await admin.stream("delete", uri=f"{d}/renamed.txt")
    event, _ = await admin.next(sub, "subscribe_list")
    assert event["event"] == "delete" and event["entry"]["path"] == f"{d}/renamed.txt"
    await admin.stop(sub)
    await admin.call("ping")
    await mkfile(admin, f"{d}/after-stop")
    await admin.call("ping")
    assert admin.pending[sub].empty()


async def test_unknown_and_unimplemented_methods(admin):
    req = admin.start("fly")
    unknown, _ = await asyncio.wait_for(admin.pending[req].get(), 10)
    idl_schema.check("Response", {k: v for k, v in unknown.items() if k != "id"})
    assert unknown["status"] == "INVALID_COMMAND"
    answer, _ = await admin.call("auth", uri="/x")  # no token (auth: test_server_live_objects)
    assert answer["status"] == "INVALID_PARAMETERS"
    answer, _ = await admin.call("ping")
    assert answer["status"] == "OK"
