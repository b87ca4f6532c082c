"""NVIDIA's original client against servers on PostgreSQL and S3: its file operations and a
64 MiB LFT transfer through one such server, and two server processes on one database and one
bucket: the original client changes a folder through one, and the list, stat and resolve
subscriptions of another original client on the other process see each change in order."""

import pytest

from omni.server.testing import running_server

from test_interop_files import check_file_operations
from test_interop_subscriptions import assert_saw_the_drive, drive_and_watch

MIB = 1 << 20


@pytest.fixture
def shared_servers(shared_store, tmp_path):
    with running_server(tmp_path / "one", storage_args=shared_store.args, env=shared_store.env,
                        check_log=True) as one, \
            running_server(tmp_path / "two", storage_args=shared_store.args,
                           env=shared_store.env, check_log=True) as two:
        yield one, two


def test_file_operations_and_lft_on_postgresql_and_s3(shared_servers, scenario):
    one, two = shared_servers
    out = scenario("files.py", one.url, one.admin_user, one.admin_password,
                   OMNI_TEST_BASE="/Projects")
    check_file_operations(out, one.admin_user)
    sizes = [3 * MIB + 17, 64 * MIB]
    out = scenario("large.py", two.url, two.admin_user, two.admin_password,
                   OMNI_TEST_SIZES=",".join(map(str, sizes)))
    for size in sizes:
        got = out[str(size)]
        assert got["write"] == "OK" and got["read"] == "OK" and got["stat"] == "OK"
        assert got["sha_read"] == got["sha_written"] and got["stat_size"] == size


async def test_changes_through_one_process_reach_subscriptions_on_another(
        shared_servers, client_python, tmp_path):
    one, two = shared_servers
    assert_saw_the_drive(await drive_and_watch(one, two, client_python, "/WatchedAcross",
                                               tmp_path / "done"))
