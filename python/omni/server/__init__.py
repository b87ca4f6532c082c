"""omni.server: a content server speaking Nucleus's omni1 protocol.

Start one with ``omni-server serve --data DIR`` (see :mod:`omni.server.cli`), or
from tests with :func:`omni.server.testing.running_server`.
"""

__version__ = "0.1.0"
