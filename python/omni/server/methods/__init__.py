"""The omni1 methods, one module per family; importing this package registers them all
in :data:`METHODS` (see :mod:`.registry`)."""

from . import acls, connect, locks, subscriptions, trash, tree, users, versions, writes  # noqa: F401
from .registry import METHODS, capabilities, method

__all__ = ["METHODS", "capabilities", "method"]
