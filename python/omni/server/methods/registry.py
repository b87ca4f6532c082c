"""The method registry: each omni1 method is declared once, with its wire name and
the version of its IDL contract that we announce; the capabilities
``authorize_token`` tells the client follow from it."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Awaitable, Callable, Dict, Optional


@dataclass(frozen=True)
class Method:
    handler: Callable
    params: type
    answer: type
    version: Optional[int]  # None: answered but not announced
    stream: bool
    needs_auth: bool
    subscription: bool
    pipelined: bool
    # (session, request) -> whether it took the request without a task of its own (see
    # :func:`method`); None: every request runs as a task
    at_once: Optional[Callable[..., bool]] = None


METHODS: Dict[str, Method] = {}


@dataclass(frozen=True)
class KeepOpen:
    """A handler's answer for a request that stays open (a ``read`` of a channel): the
    session makes it long-lived, then awaits ``run(request id)``, which sends the answers."""
    run: Callable[[int], Awaitable[None]]


def method(name: str, params: type, answer: type, *, version: Optional[int],
           stream: bool = False, needs_auth: bool = True, subscription: bool = False,
           pipelined: bool = False, at_once: Optional[Callable[..., bool]] = None):
    """Register a handler for ``name``.  A handler gets the session, the checked parameters
    and the binary tail, and

    * returns an answer dict, or ``(answer, tail_bytes)`` (single-answer methods), or a
      :class:`KeepOpen` when the request turns out to stay open;
    * or yields answers (``stream=True``), after which a ``DONE`` answer is sent;
    * or runs until stopped, sending events itself (``subscription=True``; it gets the
      request id instead of the tail).

    Requests of one connection naming the same items run one after the other; a
    ``pipelined`` handler lets the next one start as soon as it calls :func:`end_of_turn`.

    ``at_once(session, request)``, when given, is tried first, as the request is read: it
    takes the requests it can answer without waiting for anything but their outcome (one
    live-object update after another: the task, turn and checks of the general path were a
    fifth of the server's CPU per update), through :meth:`Session.place`, and returns True;
    False leaves the request to the handler.
    """
    def register(fn):
        if name in METHODS:
            raise ValueError(f"method {name} declared twice")
        METHODS[name] = Method(fn, params, answer, version, stream, needs_auth, subscription,
                               pipelined, at_once)
        return fn
    return register


# The turn of the running pipelined request (None for the others), set by the session.
TURN: ContextVar[Optional[asyncio.Future]] = ContextVar("turn", default=None)


def end_of_turn() -> None:
    """Called by a pipelined handler once it has taken its place in the order (e.g. its
    sequence number): later requests of its connection naming the same items may start."""
    turn = TURN.get()
    if turn is not None and not turn.done():
        turn.set_result(None)


def capabilities() -> Dict[str, int]:
    """What we tell the client we implement: method -> version of its IDL contract."""
    return {name: m.version for name, m in METHODS.items() if m.version is not None}
