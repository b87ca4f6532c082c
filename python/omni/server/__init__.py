"""omni.server: a content server speaking Nucleus's omni1 protocol.

Start one with ``omni-server serve --data DIR`` (see :mod:`omni.server.cli`), or
from tests with :func:`omni.server.testing.running_server`.
"""

__version__ = "0.1.0"

# What the [server] extra installs: without them the command says so instead of failing on import.
_SERVER_PACKAGES = {"aiohttp", "argon2", "multidict", "yarl"}


def main(argv=None) -> int:
    """The omni-server command (omni.server.cli)."""
    import sys

    try:
        from .cli import main as cli_main
    except ModuleNotFoundError as missing:
        if (missing.name or "").split(".")[0] not in _SERVER_PACKAGES:
            raise
        print(f"omni-server: error: the server needs the packages of the [server] extra ({missing.name} is not "
              "installed): pip install 'omni-client-open[server]'", file=sys.stderr)
        return 1
    return cli_main(argv)
