"""The omni1 methods, one module per family; importing this package registers them all
in :data:`METHODS` (see :mod:`.registry`)."""

from . import (  # noqa: F401
    acls, channels, connect, live_objects, locks, subscriptions, trash, tree, users, versions,
    writes,
)
from .registry import METHODS, capabilities, method

__all__ = ["METHODS", "capabilities", "method"]
