"""Large transfers hold their content about once: a 64 MiB write and read, in a process of their own
so its peak memory can be measured."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cloud_servers.servers import azure_url, s3_url, AZURE_ACCOUNT, AZURE_SUFFIX

MIB = 1 << 20

PROGRAM = """
import os, resource, sys
import omni.client
from omni.client import Result

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

url = sys.argv[1]
data = os.urandom(64 << 20)
omni.client.stat("file:/")  # the runtime and its threads are up before the measure
base = peak_mib()
assert omni.client.write_file(url, data) == Result.OK
after_write = peak_mib()
del data  # what the read allocates now comes back to the level `base` had
result, _, content = omni.client.read_file(url)
assert result == Result.OK and len(memoryview(content)) == 64 << 20
print(after_write - base, peak_mib() - base)
"""


def transfer_growth(url: str) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run([sys.executable, "-c", PROGRAM, url], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    write, read = map(float, out.stdout.split())
    return write, read


@pytest.mark.parametrize("store", ["s3", "azure"])
def test_64_mib_write_and_read_do_not_copy_the_content(store, cloud_env, moto_s3, azurite):
    import omni.client
    if store == "s3":
        url = s3_url(moto_s3.new_bucket(), "large.bin")
    else:
        container = azurite.new_container()
        # the child process reads the SAS from the omniverse.toml cloud_env points it at
        assert omni.client.set_azure_sas_token(AZURE_ACCOUNT + AZURE_SUFFIX, container, azurite.sas(container), True) == 0
        url = azure_url(container, "large.bin")
    write_growth, read_growth = transfer_growth(url)
    # Parts are sent from the caller's bytes and ranges received into one buffer: what grows is
    # transfer buffers, not another copy of the 64 MiB.
    assert write_growth < 40, write_growth
    assert read_growth < 40, read_growth
