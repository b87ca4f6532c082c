"""A TCP proxy for fault tests of the omniverse:// provider: cuts or stalls every connection
and follows the server to a new port (a restart); shared with the differential tests."""

from omni.server.testing import TcpProxy as Proxy  # noqa: F401
