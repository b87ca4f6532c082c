"""NVIDIA's original client against servers on PostgreSQL and S3: its file operations and a
64 MiB LFT transfer through one such server, and two server processes on one database and one
bucket: the original client changes a folder through one, and the list, stat and resolve
subscriptions of another original client on the other process see each change in order; and
the same through one round-robin address in front of both (each telling its LFT address)."""

from types import SimpleNamespace

import pytest

from omni.server.testing import RoundRobinProxy, own_lft_address_args, running_server

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


def test_file_operations_and_lft_through_a_round_robin_address(shared_store, scenario, tmp_path):
    """Each new connection of the original client (its ConnLib and ping sockets, each LFT
    connection) goes to the next of two processes: session tokens and download tickets one
    signed are taken by the other."""
    def process(name):
        return running_server(tmp_path / name, storage_args=shared_store.args, env=shared_store.env,
                              check_log=True, extra_args=own_lft_address_args())
    with process("one") as one, process("two") as two:
        proxy = RoundRobinProxy([one.port, two.port])
        try:
            through = SimpleNamespace(url=proxy.url, admin_user=one.admin_user,
                                      admin_password=one.admin_password)
            out = scenario("files.py", through.url, through.admin_user, through.admin_password,
                           OMNI_TEST_BASE="/RoundRobin")
            check_file_operations(out, one.admin_user)
            write_and_read_large(through, scenario)
            assert all(count > 0 for count in proxy.connections.values()), proxy.connections
        finally:
            proxy.close()
