"""Our client through one address in front of two server processes on one PostgreSQL database and
one S3 bucket, each new TCP connection going to the next process (a round-robin load balancer,
no affinity): its ConnLib socket, its ping socket and each LFT HTTP connection may reach either
process, and everything it does works as it does against one server."""

from __future__ import annotations

import random

import pytest

import omni.client
from omni.client import Result
from omni.server.testing import RoundRobinProxy, running_server

from test_nucleus_live_objects import Reader

OK = Result.OK
MIB = 1 << 20


@pytest.fixture
def balanced(shared_store, tmp_path):
    """Two processes on the shared store behind a round-robin proxy, the admin signed in: the proxy."""
    with running_server(tmp_path / "one", storage_args=shared_store.args, env=shared_store.env,
                        check_log=True) as one, \
            running_server(tmp_path / "two", storage_args=shared_store.args,
                           env=shared_store.env, check_log=True) as two:
        proxy = RoundRobinProxy([one.port, two.port])
        reg = omni.client.register_authentication_callback(lambda url: (one.admin_user, one.admin_password))
        old = omni.client.set_retries(2000, 50, 50)
        try:
            yield proxy
        finally:
            omni.client.set_retries(*old)
            del reg
            omni.client.sign_out(proxy.url)
            proxy.close()


@pytest.mark.timeout(300)
def test_every_operation_works_through_a_round_robin_address(balanced):
    base = f"{balanced.url}/rr-{random.randrange(1 << 30)}"
    big = random.randbytes(64 * MIB + 123)  # LFT both ways, in parts over several connections
    assert omni.client.write_file(f"{base}/big.bin", big) == OK
    for _ in range(2):
        result, _, content = omni.client.read_file(f"{base}/big.bin")
        assert result == OK and bytes(memoryview(content)) == big
    small = {f"s{i}.usda": random.randbytes(100 + i) for i in range(12)}
    for name, data in small.items():
        assert omni.client.write_file(f"{base}/{name}", data) == OK
    for name, data in small.items():
        result, _, content = omni.client.read_file(f"{base}/{name}")
        assert result == OK and bytes(memoryview(content)) == data
    result, entries = omni.client.list(base)
    assert result == OK and sorted(e.relative_path for e in entries) == sorted([*small, "big.bin"])
    result, entry = omni.client.stat(f"{base}/big.bin")
    assert result == OK and entry.size == len(big)
    # a live object above the LFT threshold: its content goes over LFT, its clock over the ping socket
    live = f"{base}/scene.live"
    first, second = random.randbytes(MIB + 7), random.randbytes(2 * MIB + 9)
    result, oid, _ = omni.client.live_create(live, first)
    assert result == OK
    assert omni.client.live_update(live, oid, second) == (OK, 2, 0)
    reader = Reader(live)
    try:
        assert reader.wait(1)[0] == (OK, oid, 2, second)
    finally:
        reader.stop()
    # both processes served the client
    assert all(count > 0 for count in balanced.connections.values()), balanced.connections

