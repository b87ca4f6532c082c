"""The original client and ours observe the same S3 bucket and Azure container (moto and Azurite
behind the tests' TLS proxy, at the services' real host names): lists, stats and reads must agree.
The original reads its credentials from omniverse.toml, as ours does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cloud_servers.servers import AZURE_ACCOUNT, AZURE_SUFFIX, azure_url, s3_url

from conftest import SCENARIOS, Scenario

FILES = {"a.usd": b"#usda 1.0\n", "dir/b.txt": b"b" * 1000, "empty.bin": b"", "sp ace & amp.txt": b"&"}


@pytest.fixture
def config(tmp_path, moto_s3, azurite):
    """A bucket and a container holding FILES, and an omniverse.toml with their credentials."""
    bucket, container = moto_s3.new_bucket(), azurite.new_container()
    blobs = azurite.service().get_container_client(container)
    for key, data in FILES.items():
        moto_s3.client().put_object(Bucket=bucket, Key=f"top/{key}", Body=data)
        blobs.upload_blob(f"top/{key}", data)
    (tmp_path / "omniverse.toml").write_text(
        f'[s3."{bucket}.s3.us-west-2.amazonaws.com"]\n'
        f'accessKeyId = "{moto_s3.access_key_id}"\nsecretAccessKey = "{moto_s3.secret_access_key}"\n\n'
        f'[azure."{AZURE_ACCOUNT}{AZURE_SUFFIX}/{container}"]\nsasToken = "{azurite.sas(container)}"\n')
    return tmp_path, s3_url(bucket, "top"), azure_url(container, "top")


@pytest.mark.parametrize("store", ["s3", "azure"])
def test_both_clients_see_the_same_folder(store, config, scenario, cloud_proxy):
    folder, s3_folder, azure_folder = config
    url = s3_folder if store == "s3" else azure_folder
    env = {"https_proxy": cloud_proxy.url, "SSL_CERT_FILE": str(cloud_proxy.ca), "OMNI_CONFIG_PATH": str(folder),
           "OMNICLIENT_HTTP_RETRIES": "0"}
    theirs = scenario("cloud_observe.py", url, **env)
    ours = Scenario(Path(sys.executable))("cloud_observe.py", url, **env,
                                          PYTHONPATH=os.pathsep.join([str(SCENARIOS), *filter(None, sys.path)]))
    assert theirs["list"][0] == "OK" and sorted(n for n, *_ in theirs["list"][1]) == ["a.usd", "dir", "empty.bin", "sp ace & amp.txt"]
    assert ours == theirs
