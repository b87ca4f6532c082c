"""The Azure Blob provider against Azurite, reached at the account's real host name through the
test proxy (TLS with a test CA; requests logged). Containers are given SAS tokens made with
azure-storage-blob from Azurite's well-known development key."""

from __future__ import annotations

import os
import tomllib
from urllib.parse import quote

import pytest

import omni.client
from omni.client import CopyBehavior, ItemFlags, Result
from provider_helpers import content_of, names
from cloud_servers.servers import AZURE_ACCOUNT, AZURE_SUFFIX, azure_url

HOST = AZURE_ACCOUNT + AZURE_SUFFIX


@pytest.fixture
def container(cloud_env, azurite):
    name = azurite.new_container()
    assert omni.client.set_azure_sas_token(HOST, name, azurite.sas(name), False) == Result.OK
    return name


def blobs(azurite, container):
    return azurite.service().get_container_client(container)


def test_stat_list_and_read_what_the_sdk_wrote(container, azurite, cloud_proxy):
    client = blobs(azurite, container)
    client.upload_blob("dir/a.usd", b"#usda 1.0\n")
    client.upload_blob("dir/sub/b.txt", b"b")
    props = client.get_blob_client("dir/a.usd").get_blob_properties()
    result, entry = omni.client.stat(azure_url(container, "dir/a.usd"))
    assert result == Result.OK
    assert (entry.relative_path, entry.size, entry.version) == ("a.usd", 10, props.etag.strip('"'))
    assert entry.flags & ItemFlags.READABLE_FILE
    assert abs(entry.modified_time.timestamp() - props.last_modified.timestamp()) <= 1
    assert entry.hash.startswith("md5;")
    result, entries = omni.client.list(azure_url(container, "dir"))
    assert result == Result.OK and names(entries) == ["a.usd", "sub"]
    assert [e.flags & ItemFlags.CAN_HAVE_CHILDREN for e in sorted(entries, key=lambda e: e.relative_path)] == [0, ItemFlags.CAN_HAVE_CHILDREN]
    assert content_of(azure_url(container, "dir/a.usd")) == b"#usda 1.0\n"
    assert omni.client.stat(azure_url(container, "dir/none"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.list(azure_url(container, "nothing"))[0] == Result.ERROR_NOT_FOUND
    # (this container's: a request another test left in flight may reach the shared proxy late)
    requests = [r for r in cloud_proxy.requests() if r["target"].startswith(f"/{container}")]
    assert requests
    assert [r for r in requests if not r["headers"].get("x-ms-version")] == []
    assert [r for r in requests if "sig=" not in r["target"]] == []


def test_names_are_kept_as_the_service_lists_them(container, azurite):
    keys = ["enc/pct%41.txt", "enc/sp ace & amp.txt", "enc/ünï.txt"]
    for key in keys:
        blobs(azurite, container).upload_blob(key, key.encode())
    assert names(omni.client.list(azure_url(container, "enc"))[1]) == sorted(k[4:] for k in keys)
    for key in keys:
        assert content_of(azure_url(container, quote(key))) == key.encode()


def test_write_small_and_large_and_read_back(container, azurite, cloud_proxy):
    assert omni.client.write_file(azure_url(container, "w/small.usd"), b"small") == Result.OK
    assert blobs(azurite, container).download_blob("w/small.usd").readall() == b"small"
    data = os.urandom(40 << 20)
    cloud_proxy.clear()
    assert omni.client.write_file(azure_url(container, "w/big.bin"), data) == Result.OK
    targets = [r["target"] for r in cloud_proxy.requests()]
    assert sum("comp=block&" in t for t in targets) == 3 and sum("comp=blocklist" in t for t in targets) == 1
    assert blobs(azurite, container).download_blob("w/big.bin").readall() == data
    assert names(omni.client.list(azure_url(container, "w"))[1]) == ["big.bin", "small.usd"]
    cloud_proxy.clear()
    assert content_of(azure_url(container, "w/big.bin")) == data
    assert len([r for r in cloud_proxy.requests() if r["method"] == "GET"]) == 4


def test_folders_copy_move_delete(container, azurite):
    assert omni.client.create_folder(azure_url(container, "made")) == Result.OK
    assert omni.client.create_folder(azure_url(container, "made")) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.list(azure_url(container, "made")) == (Result.OK, [])
    for name in ["made/a.txt", "made/sub/b.txt"]:
        assert omni.client.write_file(azure_url(container, name), name.encode()) == Result.OK
    assert omni.client.copy(azure_url(container, "made/a.txt"), azure_url(container, "copy/a.txt")) == Result.OK
    assert content_of(azure_url(container, "copy/a.txt")) == b"made/a.txt"
    assert omni.client.copy(azure_url(container, "made/a.txt"), azure_url(container, "copy/a.txt")) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.copy(azure_url(container, "made/sub/b.txt"), azure_url(container, "copy/a.txt"),
                            behavior=CopyBehavior.OVERWRITE) == Result.OK
    assert content_of(azure_url(container, "copy/a.txt")) == b"made/sub/b.txt"
    assert omni.client.move(azure_url(container, "made"), azure_url(container, "moved"))[0] == Result.OK
    assert omni.client.stat(azure_url(container, "made"))[0] == Result.ERROR_NOT_FOUND
    assert names(omni.client.list(azure_url(container, "moved"))[1]) == ["a.txt", "sub"]
    assert omni.client.delete(azure_url(container, "moved")) == Result.OK
    assert [b.name for b in blobs(azurite, container).list_blobs(name_starts_with="moved")] == []


def test_no_sas_is_access_denied(cloud_env, azurite):
    name = azurite.new_container()  # no SAS configured for it
    assert omni.client.stat(azure_url(name, "x.txt"))[0] == Result.ERROR_ACCESS_DENIED
    assert omni.client.read_file(azure_url(name, "x.txt"))[0] == Result.ERROR_ACCESS_DENIED


def test_stat_falls_back_to_head_without_list_permission(cloud_env, azurite):
    name = azurite.new_container()
    blobs(azurite, name).upload_blob("r.txt", b"readable")
    assert omni.client.set_azure_sas_token(HOST, name, azurite.sas(name, "r"), False) == Result.OK
    assert omni.client.list(azure_url(name))[0] == Result.ERROR_ACCESS_DENIED
    result, entry = omni.client.stat(azure_url(name, "r.txt"))
    assert result == Result.OK and entry.size == 8
    assert content_of(azure_url(name, "r.txt")) == b"readable"


def test_sas_from_omniverse_toml_and_write_config(cloud_env, azurite):
    name = azurite.new_container()
    blobs(azurite, name).upload_blob("t.txt", b"toml")
    (cloud_env / "omniverse.toml").write_text(f'[azure."{HOST}/{name}"]\nsasToken = "?{azurite.sas(name)}"\n')
    assert content_of(azure_url(name, "t.txt")) == b"toml"
    other = azurite.new_container()
    assert omni.client.set_azure_sas_token(HOST, other, azurite.sas(other), True) == Result.OK
    saved = tomllib.loads((cloud_env / "omniverse.toml").read_text())
    assert saved["azure"][f"{HOST}/{name}"]["sasToken"].startswith("?")  # the file's own entry kept
    assert "sig=" in saved["azure"][f"{HOST}/{other}"]["sasToken"]
    assert omni.client.set_azure_sas_token(HOST, "", "x", False) == Result.ERROR


def test_copy_from_a_local_file_goes_in_blocks_committed_at_the_end(container, azurite, cloud_proxy, tmp_path):
    data = os.urandom((20 << 20) + 3)
    (tmp_path / "obj.bin").write_bytes(data)
    cloud_proxy.clear()
    assert omni.client.copy(str(tmp_path / "obj.bin"), azure_url(container, "c/obj.bin")) == Result.OK
    puts = [r["target"] for r in cloud_proxy.requests() if r["method"] == "PUT"]
    assert sum("comp=block&" in t for t in puts) == 3 and sum("comp=blocklist" in t for t in puts) == 1
    assert blobs(azurite, container).download_blob("c/obj.bin").readall() == data
    assert omni.client.copy(azure_url(container, "c/obj.bin"), str(tmp_path / "back.bin")) == Result.OK
    assert (tmp_path / "back.bin").read_bytes() == data


def test_failed_copy_commits_nothing(container, azurite, cloud_proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    blobs(azurite, container).upload_blob("f/obj.bin", b"previous")
    (tmp_path / "obj.bin").write_bytes(os.urandom(20 << 20))
    cloud_proxy.fault("503", count=100, path="comp=blocklist")
    assert omni.client.copy(str(tmp_path / "obj.bin"), azure_url(container, "f/obj.bin"), behavior=CopyBehavior.OVERWRITE) != Result.OK
    assert blobs(azurite, container).download_blob("f/obj.bin").readall() == b"previous"


def test_a_copy_the_service_reports_pending_is_awaited(container, azurite, cloud_proxy):
    blobs(azurite, container).upload_blob("p/src.bin", b"copied")
    cloud_proxy.fault("pending", count=2, path="/p/dst.bin")  # the Copy Blob answer and the first look
    assert omni.client.copy(azure_url(container, "p/src.bin"), azure_url(container, "p/dst.bin")) == Result.OK
    on_destination = [(r["method"], r["fault"]) for r in cloud_proxy.requests() if r["target"].startswith(f"/{container}/p/dst.bin")]
    assert on_destination[-3:] == [("PUT", "pending"), ("HEAD", "pending"), ("HEAD", None)]
    assert blobs(azurite, container).download_blob("p/dst.bin").readall() == b"copied"
