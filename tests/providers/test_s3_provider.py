"""The S3 provider against moto's S3 server (SigV4 checked), reached at the buckets' real AWS
names through the test proxy, which terminates TLS with a test CA and logs each request."""

from __future__ import annotations

import os
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest

import omni.client
from omni.client import CopyBehavior, ItemFlags, Result
from provider_helpers import content_of, names
from cloud_servers.servers import s3_url


@pytest.fixture
def bucket(cloud_env, moto_s3):
    return moto_s3.new_bucket()


def test_stat_list_and_read_what_boto3_wrote(bucket, moto_s3):
    s3 = moto_s3.client()
    s3.put_object(Bucket=bucket, Key="dir/a.usd", Body=b"#usda 1.0\n")
    s3.put_object(Bucket=bucket, Key="dir/sub/b.txt", Body=b"b")
    head = s3.head_object(Bucket=bucket, Key="dir/a.usd")
    result, entry = omni.client.stat(s3_url(bucket, "dir/a.usd"))
    assert result == Result.OK
    assert (entry.relative_path, entry.size, entry.version) == ("a.usd", 10, head["ETag"].strip('"'))
    assert entry.flags & ItemFlags.READABLE_FILE
    assert abs(entry.modified_time.timestamp() - head["LastModified"].timestamp()) <= 1
    result, folder = omni.client.stat(s3_url(bucket, "dir/sub"))
    assert result == Result.OK and folder.flags & ItemFlags.CAN_HAVE_CHILDREN
    result, entries = omni.client.list(s3_url(bucket, "dir"))
    assert result == Result.OK and names(entries) == ["a.usd", "sub"]
    assert names(omni.client.list(s3_url(bucket))[1]) == ["dir"]
    assert content_of(s3_url(bucket, "dir/a.usd")) == b"#usda 1.0\n"
    assert omni.client.stat(s3_url(bucket, "dir/none.usd"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.list(s3_url(bucket, "nothing"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.read_file(s3_url(bucket, "dir/none.usd"))[0] == Result.ERROR_NOT_FOUND


def test_requests_are_signed_with_sigv4(bucket, moto_s3, cloud_proxy):
    moto_s3.client().put_object(Bucket=bucket, Key="signed.txt", Body=b"s")
    assert omni.client.stat(s3_url(bucket, "signed.txt"))[0] == Result.OK
    lookup, listing = cloud_proxy.requests()  # (the bucket's .cloudfront.toml first: see below)
    assert lookup["target"] == "/.cloudfront.toml" and lookup["headers"]["authorization"].startswith("AWS4-HMAC-SHA256 ")
    assert listing["target"] == "/?delimiter=%2F&list-type=2&prefix="
    auth = listing["headers"]["authorization"]
    assert auth.startswith(f"AWS4-HMAC-SHA256 Credential={moto_s3.access_key_id}/")
    assert "/us-west-2/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date," in auth


def test_names_are_kept_as_the_service_lists_them(bucket, moto_s3):
    keys = ["enc/pct%41.txt", "enc/sp ace & amp.txt", "enc/plus+sign.txt", "enc/ünï.txt"]
    for key in keys:
        moto_s3.client().put_object(Bucket=bucket, Key=key, Body=key.encode())
    result, entries = omni.client.list(s3_url(bucket, "enc"))
    assert result == Result.OK and names(entries) == sorted(k[4:] for k in keys)
    for key in keys:
        assert content_of(s3_url(bucket, quote(key))) == key.encode()
        assert omni.client.stat(s3_url(bucket, quote(key)))[0] == Result.OK


def test_listing_pages_past_a_thousand_keys(bucket, moto_s3, cloud_proxy):
    s3 = moto_s3.client()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: s3.put_object(Bucket=bucket, Key=f"many/k{i:05}", Body=b""), range(1100)))
    result, entries = omni.client.list(s3_url(bucket, "many"))
    assert result == Result.OK and names(entries) == [f"k{i:05}" for i in range(1100)]
    listings = [r for r in cloud_proxy.requests() if "list-type=2" in r["target"]]
    assert len(listings) == 2 and "continuation-token=" in listings[1]["target"]


def test_write_small_and_read_back(bucket, moto_s3):
    assert omni.client.write_file(s3_url(bucket, "w/small.usd"), b"small") == Result.OK
    assert moto_s3.client().get_object(Bucket=bucket, Key="w/small.usd")["Body"].read() == b"small"
    result, entries = omni.client.list(s3_url(bucket, "w"))  # our write is seen at once
    assert result == Result.OK and names(entries) == ["small.usd"]
    assert content_of(s3_url(bucket, "w/small.usd")) == b"small"


def test_large_write_is_a_multipart_upload_and_reads_in_ranges(bucket, moto_s3, cloud_proxy):
    data = os.urandom(40 << 20)
    assert omni.client.write_file(s3_url(bucket, "big/blob.bin"), data) == Result.OK
    targets = [(r["method"], r["target"]) for r in cloud_proxy.requests()]
    assert ("POST", "/big/blob.bin?uploads=") in targets
    assert sum(1 for m, t in targets if m == "PUT" and "partNumber=" in t) == 3
    assert any(m == "POST" and t.startswith("/big/blob.bin?uploadId=") for m, t in targets)
    assert moto_s3.client().get_object(Bucket=bucket, Key="big/blob.bin")["Body"].read() == data
    cloud_proxy.clear()
    assert content_of(s3_url(bucket, "big/blob.bin")) == data
    assert len([r for r in cloud_proxy.requests() if r["method"] == "GET"]) == 4


def test_failed_multipart_upload_is_aborted(bucket, moto_s3, cloud_proxy, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    cloud_proxy.fault("503", count=100, path="partNumber=2")
    assert omni.client.write_file(s3_url(bucket, "fail/blob.bin"), os.urandom(40 << 20)) != Result.OK
    s3 = moto_s3.client()
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="fail/")
    assert any(r["method"] == "DELETE" and "uploadId=" in r["target"] for r in cloud_proxy.requests())


def test_create_folder_delete_and_delete_folder(bucket, moto_s3):
    assert omni.client.create_folder(s3_url(bucket, "made")) == Result.OK
    assert omni.client.create_folder(s3_url(bucket, "made")) == Result.ERROR_ALREADY_EXISTS
    assert moto_s3.client().head_object(Bucket=bucket, Key="made/")["ContentLength"] == 0
    result, entries = omni.client.list(s3_url(bucket, "made"))
    assert result == Result.OK and entries == []
    for name in ["made/a.txt", "made/deep/b.txt"]:
        assert omni.client.write_file(s3_url(bucket, name), b"x") == Result.OK
    assert omni.client.delete(s3_url(bucket, "made/a.txt")) == Result.OK
    assert omni.client.stat(s3_url(bucket, "made/a.txt"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete(s3_url(bucket, "made")) == Result.OK
    assert "Contents" not in moto_s3.client().list_objects_v2(Bucket=bucket, Prefix="made")
    assert omni.client.stat(s3_url(bucket, "made"))[0] == Result.ERROR_NOT_FOUND
    assert omni.client.delete(s3_url(bucket, "made")) == Result.ERROR_NOT_FOUND


def test_copy_within_a_bucket_is_server_side(bucket, moto_s3, cloud_proxy):
    assert omni.client.write_file(s3_url(bucket, "src/a.txt"), b"copied") == Result.OK
    cloud_proxy.clear()
    assert omni.client.copy(s3_url(bucket, "src/a.txt"), s3_url(bucket, "dst/a.txt")) == Result.OK
    assert not any(r["method"] == "GET" and r["target"].startswith("/src/a.txt") for r in cloud_proxy.requests())
    assert any(r["headers"].get("x-amz-copy-source") == f"/{bucket}/src/a.txt" for r in cloud_proxy.requests())
    assert content_of(s3_url(bucket, "dst/a.txt")) == b"copied"
    assert omni.client.copy(s3_url(bucket, "src/a.txt"), s3_url(bucket, "dst/a.txt")) == Result.ERROR_ALREADY_EXISTS
    assert omni.client.write_file(s3_url(bucket, "src/a.txt"), b"newer") == Result.OK
    assert omni.client.copy(s3_url(bucket, "src/a.txt"), s3_url(bucket, "dst/a.txt"),
                            behavior=CopyBehavior.OVERWRITE) == Result.OK
    assert content_of(s3_url(bucket, "dst/a.txt")) == b"newer"


def test_copy_and_move_folders(bucket, moto_s3):
    for name in ["tree/a.txt", "tree/sub/b.txt"]:
        assert omni.client.write_file(s3_url(bucket, name), name.encode()) == Result.OK
    assert omni.client.copy(s3_url(bucket, "tree"), s3_url(bucket, "tree2")) == Result.OK
    assert content_of(s3_url(bucket, "tree2/sub/b.txt")) == b"tree/sub/b.txt"
    result, _ = omni.client.move(s3_url(bucket, "tree2"), s3_url(bucket, "moved"))
    assert result == Result.OK
    assert omni.client.stat(s3_url(bucket, "tree2"))[0] == Result.ERROR_NOT_FOUND
    assert names(omni.client.list(s3_url(bucket, "moved"))[1]) == ["a.txt", "sub"]


def test_wrong_secret_is_access_denied_without_retry(bucket, moto_s3, cloud_proxy, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    assert omni.client.stat(s3_url(bucket, "x.txt"))[0] == Result.ERROR_ACCESS_DENIED
    assert omni.client.read_file(s3_url(bucket, "x.txt"))[0] == Result.ERROR_ACCESS_DENIED
    assert omni.client.write_file(s3_url(bucket, "x.txt"), b"x") == Result.ERROR_ACCESS_DENIED
    lookup, *requests = cloud_proxy.requests()  # the .cloudfront.toml lookup is refused too, once
    assert lookup["target"] == "/.cloudfront.toml"
    assert len(requests) == 3


def test_list_cache_until_cleared(bucket, moto_s3):
    s3 = moto_s3.client()
    s3.put_object(Bucket=bucket, Key="c/one.txt", Body=b"1")
    assert names(omni.client.list(s3_url(bucket, "c"))[1]) == ["one.txt"]
    s3.put_object(Bucket=bucket, Key="c/two.txt", Body=b"2")
    assert names(omni.client.list(s3_url(bucket, "c"))[1]) == ["one.txt"]
    assert omni.client.stat(s3_url(bucket, "c/two.txt"))[0] == Result.ERROR_NOT_FOUND
    omni.client.bypass_list_cache(True)
    assert names(omni.client.list(s3_url(bucket, "c"))[1]) == ["one.txt", "two.txt"]
    omni.client.bypass_list_cache(False)
    s3.put_object(Bucket=bucket, Key="c/three.txt", Body=b"3")
    assert omni.client.clear_list_cache(s3_url(bucket, "c")) is True
    assert names(omni.client.list(s3_url(bucket, "c"))[1]) == ["one.txt", "three.txt", "two.txt"]


def test_configuration_from_omniverse_toml(bucket, moto_s3, cloud_env, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    moto_s3.client().put_object(Bucket=bucket, Key="conf.txt", Body=b"c")
    host = f"{bucket}.s3.us-west-2.amazonaws.com"
    (cloud_env / "omniverse.toml").write_text(
        f'[s3."{host}"]\naccessKeyId = "{moto_s3.access_key_id}"\nsecretAccessKey = "{moto_s3.secret_access_key}"\n')
    assert content_of(s3_url(bucket, "conf.txt")) == b"c"


def test_set_s3_configuration_validates_and_writes_the_config(bucket, moto_s3, cloud_env, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert omni.client.set_s3_configuration("https://example.com", bucket="b") == Result.ERROR
    assert omni.client.set_s3_configuration("ftp://x.s3.us-west-2.amazonaws.com") == Result.ERROR
    assert omni.client.set_s3_configuration("https://x.s3.amazonaws.com", cloudfrontForList=True) == Result.ERROR
    moto_s3.client().put_object(Bucket=bucket, Key="set.txt", Body=b"set")
    assert omni.client.set_s3_configuration(s3_url(bucket), accessKeyId=moto_s3.access_key_id,
                                            secretAccessKey=moto_s3.secret_access_key, writeConfig=True) == Result.OK
    assert content_of(s3_url(bucket, "set.txt")) == b"set"
    saved = tomllib.loads((cloud_env / "omniverse.toml").read_text())
    assert saved["s3"][f"{bucket}.s3.us-west-2.amazonaws.com"]["accessKeyId"] == moto_s3.access_key_id
    assert oct(os.stat(cloud_env / "omniverse.toml").st_mode & 0o777) == "0o600"


def test_untrusted_certificate_is_a_connection_error(bucket, tmp_path, monkeypatch):
    from cloud_servers.certs import make_certificates
    other_ca = make_certificates(tmp_path)["ca"]  # a CA that did not sign the proxy's certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(other_ca))
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    assert omni.client.stat(s3_url(bucket, "x.txt"))[0] == Result.ERROR_CONNECTION


def stop_once_sent(request, cloud_proxy, target_part: str, settle: float = 0) -> None:
    """Stops `request` once a request whose target contains `target_part` went out (and `settle` s later)."""
    deadline = time.monotonic() + 10
    while not any(target_part in r["target"] for r in cloud_proxy.requests()):
        assert time.monotonic() < deadline, "the upload did not start"
        time.sleep(0.05)
    time.sleep(settle)
    omni.client.stop(request)


def assert_no_upload_remains(moto_s3, bucket) -> None:
    s3 = moto_s3.client()
    deadline = time.monotonic() + 10
    while s3.list_multipart_uploads(Bucket=bucket).get("Uploads"):
        assert time.monotonic() < deadline, "the stopped upload was not aborted"
        time.sleep(0.1)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_stopped_multipart_upload_is_aborted(bucket, moto_s3, cloud_proxy):
    cloud_proxy.fault("stall", count=100, seconds=30, path="partNumber=")
    request = omni.client.write_file_with_callback(s3_url(bucket, "stopped.bin"), os.urandom(40 << 20), lambda *a: None)
    stop_once_sent(request, cloud_proxy, "uploads=", settle=0.3)  # its parts are on their way
    assert_no_upload_remains(moto_s3, bucket)


def test_shutdown_during_a_transfer_answers_it_and_the_client_starts_again(bucket, cloud_proxy):
    cloud_proxy.fault("stall", count=100, seconds=30, path="stalled.bin")
    answers = []
    omni.client.read_file_with_callback(s3_url(bucket, "stalled.bin"), lambda result, *_: answers.append(result))
    deadline = time.monotonic() + 10
    while not any("stalled.bin" in r["target"] for r in cloud_proxy.requests()):
        assert time.monotonic() < deadline, "the read did not start"
        time.sleep(0.05)
    omni.client.shutdown()
    assert len(answers) == 1 and answers[0] != Result.OK
    assert omni.client.stat(s3_url(bucket, "nothing.txt"))[0] == Result.ERROR_NOT_FOUND


def test_stopped_copy_from_a_local_file_drops_its_upload(bucket, moto_s3, cloud_proxy, tmp_path):
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(40 << 20))  # five parts of a streamed upload
    cloud_proxy.fault("stall", count=100, seconds=30, path="partNumber=2")
    request = omni.client.copy_with_callback(str(local), s3_url(bucket, "copied.bin"), lambda *a: None)
    stop_once_sent(request, cloud_proxy, "partNumber=2")
    assert_no_upload_remains(moto_s3, bucket)
    assert any(r["method"] == "DELETE" and "uploadId=" in r["target"] for r in cloud_proxy.requests())


def test_copy_from_a_local_file_streams_in_parts_and_replaces_only_when_complete(bucket, moto_s3, cloud_proxy, tmp_path):
    old, new = b"previous", os.urandom((20 << 20) + 3)
    assert omni.client.write_file(s3_url(bucket, "c/obj.bin"), old) == Result.OK
    (tmp_path / "obj.bin").write_bytes(new)
    assert omni.client.copy(str(tmp_path / "obj.bin"), s3_url(bucket, "c/obj.bin")) == Result.ERROR_ALREADY_EXISTS
    cloud_proxy.clear()
    assert omni.client.copy(str(tmp_path / "obj.bin"), s3_url(bucket, "c/obj.bin"), behavior=CopyBehavior.OVERWRITE) == Result.OK
    parts = [r["target"] for r in cloud_proxy.requests() if r["method"] == "PUT" and "partNumber=" in r["target"]]
    assert len(parts) == 3  # 8 + 8 + 4 MiB, each sent as it was read
    assert moto_s3.client().get_object(Bucket=bucket, Key="c/obj.bin")["Body"].read() == new
    # and back, in ranges
    cloud_proxy.clear()
    assert omni.client.copy(s3_url(bucket, "c/obj.bin"), str(tmp_path / "back.bin")) == Result.OK
    assert (tmp_path / "back.bin").read_bytes() == new
    ranges = [r["headers"].get("range") for r in cloud_proxy.requests() if r["method"] == "GET" and "list-type" not in r["target"]]
    # the parts are read up to four at once, so they reach the proxy in any order
    assert sorted(ranges, key=lambda r: int(r[6:r.index("-")])) == [f"bytes={i << 23}-{((i + 1) << 23) - 1}" for i in range(3)]


def test_get_local_file_downloads_once(bucket, moto_s3, cloud_proxy, tmp_path, monkeypatch):
    monkeypatch.setenv("OMNI_CLIENT_FILE_CACHE", str(tmp_path / "files"))
    data = os.urandom((6 << 20) + 1)
    moto_s3.client().put_object(Bucket=bucket, Key="local/a.usd", Body=data)
    result, path = omni.client.get_local_file(s3_url(bucket, "local/a.usd"))
    assert result == Result.OK and path.endswith("a.usd")
    with open(path, "rb") as f:
        assert f.read() == data
    assert abs(os.stat(path).st_mtime - omni.client.stat(s3_url(bucket, "local/a.usd"))[1].modified_time.timestamp()) < 1
    cloud_proxy.clear()
    assert omni.client.get_local_file(s3_url(bucket, "local/a.usd")) == (Result.OK, path)
    assert cloud_proxy.requests() == []
    assert omni.client.get_local_file(s3_url(bucket, "local")) == (Result.ERROR, "")  # a folder, as read_file
    assert omni.client.get_local_file(s3_url(bucket, "local/none.usd")) == (Result.ERROR_NOT_FOUND, "")


def test_a_copy_above_the_copy_object_limit_goes_in_part_copies(bucket, moto_s3, cloud_proxy, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_S3_COPY_PART_SIZE", str(5 << 20))  # instead of 5 GiB: S3's smallest part
    data = os.urandom((12 << 20) + 7)
    moto_s3.client().put_object(Bucket=bucket, Key="pc/big.bin", Body=data)
    moto_s3.client().put_object(Bucket=bucket, Key="pc/small.bin", Body=b"small")
    cloud_proxy.clear()
    assert omni.client.copy(s3_url(bucket, "pc"), s3_url(bucket, "pc2")) == Result.OK
    ranges = sorted(r["headers"]["x-amz-copy-source-range"] for r in cloud_proxy.requests()
                    if "x-amz-copy-source-range" in r["headers"])
    assert ranges == sorted([f"bytes=0-{(5 << 20) - 1}", f"bytes={5 << 20}-{(10 << 20) - 1}", f"bytes={10 << 20}-{len(data) - 1}"])
    assert all(r["target"].startswith("/pc2/big.bin") for r in cloud_proxy.requests() if "x-amz-copy-source-range" in r["headers"])
    s3 = moto_s3.client()
    assert s3.get_object(Bucket=bucket, Key="pc2/big.bin")["Body"].read() == data
    assert s3.get_object(Bucket=bucket, Key="pc2/small.bin")["Body"].read() == b"small"  # one CopyObject


def test_a_failed_part_copy_is_aborted(bucket, moto_s3, cloud_proxy, monkeypatch):
    monkeypatch.setenv("OMNICLIENT_S3_COPY_PART_SIZE", str(5 << 20))
    monkeypatch.setenv("OMNICLIENT_HTTP_RETRIES", "0")
    moto_s3.client().put_object(Bucket=bucket, Key="big.bin", Body=os.urandom(12 << 20))
    cloud_proxy.fault("503", count=100, path="partNumber=2")
    assert omni.client.copy(s3_url(bucket, "big.bin"), s3_url(bucket, "copy.bin")) != Result.OK
    s3 = moto_s3.client()
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["big.bin"]


def test_reads_go_through_the_configured_cloudfront_url(bucket, moto_s3, web_server):
    moto_s3.client().put_object(Bucket=bucket, Key="cf/a.txt", Body=b"from the bucket")
    (web_server.root / bucket / "cf").mkdir(parents=True)
    (web_server.root / bucket / "cf/a.txt").write_bytes(b"from the distribution")
    host = f"{bucket}.s3.us-west-2.amazonaws.com"
    assert omni.client.set_s3_configuration(host, bucket, "us-west-2", moto_s3.access_key_id, moto_s3.secret_access_key,
                                            cloudfrontUrl=web_server.url(bucket)) == Result.OK
    assert content_of(s3_url(bucket, "cf/a.txt")) == b"from the distribution"
    result, entries = omni.client.list(s3_url(bucket, "cf"))  # listings stay on S3
    assert result == Result.OK and names(entries) == ["a.txt"] and entries[0].size == len(b"from the bucket")


def test_a_cloudfront_toml_in_the_bucket_serves_its_reads(bucket, moto_s3, cloud_proxy, web_server):
    s3 = moto_s3.client()
    s3.put_object(Bucket=bucket, Key=".cloudfront.toml",
                  Body=f'cloudfront = "{web_server.url(bucket)}"\ncloudfrontList = false\n'.encode())
    s3.put_object(Bucket=bucket, Key="cf/a.txt", Body=b"from the bucket")
    (web_server.root / bucket / "cf").mkdir(parents=True)
    (web_server.root / bucket / "cf/a.txt").write_bytes(b"from the distribution")
    with ThreadPoolExecutor(4) as pool:  # the first users of the bucket wait for one lookup
        contents = list(pool.map(content_of, [s3_url(bucket, "cf/a.txt")] * 4))
    assert contents == [b"from the distribution"] * 4
    result, entries = omni.client.list(s3_url(bucket, "cf"))  # cloudfrontList = false: listings stay on S3
    assert result == Result.OK and names(entries) == ["a.txt"] and entries[0].size == len(b"from the bucket")
    assert content_of(s3_url(bucket, "cf/a.txt")) == b"from the distribution"
    # one lookup of the first 4 MiB, as the original; the object reads went to the distribution
    assert [(r["method"], r["target"], r["headers"].get("range")) for r in cloud_proxy.requests()
            if "list-type" not in r["target"]] == [("GET", "/.cloudfront.toml", "bytes=0-4194303")]


def test_a_bucket_without_cloudfront_toml_is_read_directly_after_one_lookup(bucket, moto_s3, cloud_proxy, tmp_path):
    moto_s3.client().put_object(Bucket=bucket, Key="plain/a.txt", Body=b"direct")
    assert content_of(s3_url(bucket, "plain/a.txt")) == b"direct"
    assert omni.client.stat(s3_url(bucket, "plain/a.txt"))[0] == Result.OK
    assert omni.client.copy(s3_url(bucket, "plain/a.txt"), str(tmp_path / "a.txt")) == Result.OK  # ranged reads
    assert (tmp_path / "a.txt").read_bytes() == b"direct"
    lookups = [r for r in cloud_proxy.requests() if r["target"] == "/.cloudfront.toml"]
    assert len(lookups) == 1  # missing (404): remembered as no distribution
    assert sum(r["target"] == "/plain/a.txt" for r in cloud_proxy.requests()) == 2


def test_a_configured_cloudfront_url_needs_no_lookup(bucket, moto_s3, cloud_proxy, web_server):
    host = f"{bucket}.s3.us-west-2.amazonaws.com"
    (web_server.root / bucket).mkdir()
    (web_server.root / bucket / "b.txt").write_bytes(b"configured")
    moto_s3.client().put_object(Bucket=bucket, Key=".cloudfront.toml", Body=b'cloudfront = "http://127.0.0.1:9/nowhere"\n')
    assert omni.client.set_s3_configuration(host, bucket, "us-west-2", moto_s3.access_key_id, moto_s3.secret_access_key,
                                            cloudfrontUrl=web_server.url(bucket)) == Result.OK
    assert content_of(s3_url(bucket, "b.txt")) == b"configured"
    assert cloud_proxy.requests() == []
