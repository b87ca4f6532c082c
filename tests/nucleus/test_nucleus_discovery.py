"""Discovery's candidates on the wire: the plain ones go first, the TLS ones a moment later, so
that a server answering ws:// in time never costs the client its TLS set-up (reading the system's
trusted certificates)."""

from __future__ import annotations

import omni.client
from omni.client import Result
from omni.server.testing import TcpProxy

from server_fixtures import _private_token_cache, admin, server  # noqa: F401


class FirstBytes(TcpProxy):
    """Keeps the first bytes the client sent on each connection, in the order accepted (the
    kernel hands connections over in the order they were made)."""

    def __init__(self, upstream_port: int):
        self.first: list = []
        super().__init__(upstream_port)

    def watch(self):
        slot = len(self.first)  # (one accepting thread: slots follow the accept order)
        self.first.append(b"")

        def seen(data: bytes) -> None:
            if not self.first[slot]:
                self.first[slot] = data[:4]
        return seen


def test_the_plain_candidate_is_asked_first_and_answers(admin):  # noqa: F811
    """(A TLS hello would start with 0x16.)"""
    proxy = FirstBytes(admin.port)
    try:
        assert omni.client.stat(proxy.url + "/")[0] == Result.OK
        assert proxy.first, "no connection reached the server"
        assert proxy.first[0].startswith(b"GET "), proxy.first  # ws:// discovery, not a TLS hello
        # The session then connects where discovery said, over plain ws too.
        assert any(first.startswith(b"GET ") for first in proxy.first[1:]), proxy.first
    finally:
        proxy.close()
