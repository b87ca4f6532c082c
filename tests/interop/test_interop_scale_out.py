"""NVIDIA's original client against servers on PostgreSQL and S3: its file operations and a
64 MiB LFT transfer through one such server, and two server processes on one database and one
bucket: the original client changes a folder through one, and the list, stat and resolve
subscriptions of another original client on the other process see each change in order; and
the same through one round-robin address in front of both (each telling its LFT address);
and a channel whose members (original clients and ours) are connected to both processes."""

from types import SimpleNamespace

import pytest

from omni.server.testing import RoundRobinProxy, own_lft_address_args, running_server

from members import Member, sha
from test_interop_channels import kinds
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


def test_channel_members_on_two_processes_meet_talk_and_see_each_other_leave(
        shared_servers, client_python):
    """An original client reads a channel through one process; an original client and one of
    ours join through the other: each reports JOIN / HELLO for the others, their messages
    (one past a NOTIFY payload's 8,000 bytes) and LEFT once, whether one leaves or is killed."""
    one, two = shared_servers
    path = "/Channels/across.channel"
    a = Member(client_python, one, one.admin_user, one.admin_password)
    b = Member(client_python, two, two.admin_user, two.admin_password)
    c = Member(None, two, two.admin_user, two.admin_password, ours=True)
    try:
        a.join(path)
        b.join(path)
        b_id = [u for k, u in kinds(a.wait_events(lambda e: len(e) >= 2)) if k == "JOIN" and u][0]
        c.join(path)
        c_seen = c.wait_events(lambda e: sum(k == "HELLO" for _, k, *_ in e) == 2)
        hellos = [u for k, u in kinds(c_seen) if k == "HELLO"]
        a_id = [u for u in hellos if u != b_id][0]
        c_id = [u for k, u in kinds(a.wait_events(lambda e: len(e) >= 3)) if k == "JOIN"][-1]
        assert kinds(a.events()) == [("JOIN", ""), ("JOIN", b_id), ("JOIN", c_id)]
        assert kinds(b.wait_events(lambda e: len(e) >= 3)) == [
            ("JOIN", ""), ("HELLO", a_id), ("JOIN", c_id)]
        assert sorted(hellos) == sorted([a_id, b_id]) and len(set([a_id, b_id, c_id])) == 3

        messages = [b"", b"across", bytes(range(256)) * 64]  # the last: 16 KiB
        for sender in (a, c):
            for data in messages:
                assert sender.send(data) == "OK"
        sent = lambda who: [(who, len(m), sha(m)) for m in messages]  # noqa: E731
        for member, expected in ((a, sent(c_id)), (b, sent(a_id) + sent(c_id)), (c, sent(a_id))):
            seen = member.wait_events(
                lambda e: sum(k == "MESSAGE" for _, k, *_ in e) >= len(expected))
            got = [(u, size, digest) for _, k, u, size, digest in seen if k == "MESSAGE"]
            if member is b:  # from two senders on two processes: each sender's in order
                got = sorted(got, key=lambda m: m[0] != a_id)
            assert got == expected

        b.call("leave")
        c.kill()  # no disconnect of its own: its process tells
        seen = a.wait_events(lambda e: {("LEFT", b_id), ("LEFT", c_id)} <= set(kinds(e)))
        assert kinds(seen).count(("LEFT", b_id)) == 1 and kinds(seen).count(("LEFT", c_id)) == 1
    finally:
        for member in (a, b, c):
            member.close()
