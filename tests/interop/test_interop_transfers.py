"""Large transfers through LFT with the original client, byte-exact."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "server"))
from omni1_test_client import stored_blobs  # noqa: E402

MIB = 1 << 20


def test_lft_write_and_read(server, scenario):
    write_and_read_large(server, scenario)
    # the 64 MiB file went through LFT: stored once, as one blob of that size
    assert 64 * MIB in stored_blobs(server).values()


def write_and_read_large(server, scenario):
    """A 3 MiB and a 64 MiB file written and read back by the original client, byte-exact."""
    sizes = [3 * MIB + 17, 64 * MIB]
    out = scenario("large.py", server.url, server.admin_user, server.admin_password,
                   OMNI_TEST_SIZES=",".join(map(str, sizes)))
    for size in sizes:
        got = out[str(size)]
        assert got["write"] == "OK" and got["read"] == "OK" and got["stat"] == "OK"
        assert got["sha_read"] == got["sha_written"]
        assert got["stat_size"] == size
