"""Our client through one address in front of two server processes on one PostgreSQL database and
one S3 bucket, each new TCP connection going to the next process (a round-robin load balancer,
no affinity): its ConnLib socket, its ping socket and each LFT HTTP connection may reach either
process.  Everything but an LFT upload works so as it does against one server (docs/server.md);
with each process telling its own LFT address (--lft-address), uploads work too."""

from __future__ import annotations

import contextlib
import random

import pytest

import omni.client
from omni.client import Result
from omni.server.testing import RoundRobinProxy, own_lft_address_args, running_server

from test_nucleus_live_objects import Reader

OK = Result.OK
MIB = 1 << 20


@contextlib.contextmanager
def balanced(shared_store, tmp_path, direct_lft: bool):
    """Two processes on the shared store behind a round-robin proxy, the admin signed in:
    ``(proxy, first process)``; ``direct_lft``: each tells its own address for LFT."""
    def process(name):
        return running_server(tmp_path / name, storage_args=shared_store.args, env=shared_store.env,
                              check_log=True, extra_args=own_lft_address_args() if direct_lft else ())
    with process("one") as one, process("two") as two:
        proxy = RoundRobinProxy([one.port, two.port])
        reg = omni.client.register_authentication_callback(lambda url: (one.admin_user, one.admin_password))
        old = omni.client.set_retries(2000, 50, 50)
        try:
            yield proxy, one
            # both processes served the client
            assert all(count > 0 for count in proxy.connections.values()), proxy.connections
        finally:
            omni.client.set_retries(*old)
            del reg
            for url in (proxy.url, one.url):
                omni.client.sign_out(url)
            proxy.close()


def write_and_read(url: str, data: bytes) -> None:
    assert omni.client.write_file(url, data) == OK
    read_back(url, data)


def read_back(url: str, data: bytes) -> None:
    result, _, content = omni.client.read_file(url)
    assert result == OK and bytes(memoryview(content)) == data


def live_object(url: str, first: bytes, second: bytes) -> None:
    """Create, update and read a live object (its clock comes over the ping socket)."""
    result, oid, _ = omni.client.live_create(url, first)
    assert result == OK
    assert omni.client.live_update(url, oid, second) == (OK, 2, 0)
    reader = Reader(url)
    try:
        assert reader.wait(1)[0] == (OK, oid, 2, second)
    finally:
        reader.stop()


@pytest.mark.timeout(300)
def test_every_operation_but_an_lft_upload_works_through_a_round_robin_address(shared_store, tmp_path):
    with balanced(shared_store, tmp_path, direct_lft=False) as (proxy, one):
        name = f"/rr-{random.randrange(1 << 30)}"
        base = proxy.url + name
        big = random.randbytes(64 * MIB + 123)  # read in ranged parts over several connections
        assert omni.client.write_file(f"{one.url}{name}/big.bin", big) == OK
        for _ in range(2):
            read_back(f"{base}/big.bin", big)
        small = {f"s{i}.usda": random.randbytes(100 + i) for i in range(12)}
        for file, data in small.items():
            write_and_read(f"{base}/{file}", data)
        result, entries = omni.client.list(base)
        assert result == OK and sorted(e.relative_path for e in entries) == sorted([*small, "big.bin"])
        result, entry = omni.client.stat(f"{base}/big.bin")
        assert result == OK and entry.size == len(big)
        live_object(f"{base}/scene.live", b"first", b"second")


@pytest.mark.timeout(300)
def test_uploads_work_through_a_round_robin_address_with_each_processs_lft_address(
        shared_store, tmp_path):
    with balanced(shared_store, tmp_path, direct_lft=True) as (proxy, _):
        base = f"{proxy.url}/rr-{random.randrange(1 << 30)}"
        write_and_read(f"{base}/big.bin", random.randbytes(64 * MIB + 123))
        write_and_read(f"{base}/small.usda", b"small")
        live_object(f"{base}/scene.live", random.randbytes(MIB + 7), random.randbytes(2 * MIB + 9))
