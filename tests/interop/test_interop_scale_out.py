"""NVIDIA's original client against servers on PostgreSQL and S3: its file operations and a
64 MiB LFT transfer through one such server, and two server processes on one database and one
bucket: the original client changes a folder through one, and the list, stat and resolve
subscriptions of another original client on the other process see each change in order."""

import pytest

from omni.server.testing import running_server

from test_interop_files import check_file_operations
from test_interop_transfers import MIB, write_and_read_large
from test_interop_subscriptions import assert_saw_the_drive, drive_and_watch


@pytest.fixture
def shared_servers(shared_store, tmp_path):
    with running_server(tmp_path / "one", storage_args=shared_store.args, env=shared_store.env,
                        check_log=True) as one, \
            running_server(tmp_path / "two", storage_args=shared_store.args,
                           env=shared_store.env, check_log=True) as two:
        yield one, two


def test_file_operations_and_lft_on_postgresql_and_s3(shared_servers, shared_store, scenario):
    one, two = shared_servers
    out = scenario("files.py", one.url, one.admin_user, one.admin_password,
                   OMNI_TEST_BASE="/Projects")
    check_file_operations(out, one.admin_user)
    write_and_read_large(two, scenario)
    # the 64 MiB file went through LFT into the bucket: one object of that size
    listed = shared_store.moto.client().list_objects_v2(Bucket=shared_store.bucket,
                                                        Prefix="content/")
    assert any(o["Size"] == 64 * MIB for o in listed["Contents"])


async def test_changes_through_one_process_reach_subscriptions_on_another(
        shared_servers, client_python, tmp_path):
    one, two = shared_servers
    assert_saw_the_drive(await drive_and_watch(one, two, client_python, "/WatchedAcross",
                                               tmp_path / "done"))
