"""omni.client: one URL-based API for files, folders and servers (an open implementation).

Every operation comes in three forms: ``name(...)`` blocks and returns the answer,
``name_with_callback(..., callback)`` returns a :class:`Request` and calls back on the library's
callback thread, and ``await name_async(...)`` resolves on the caller's event loop.
"""

import atexit as _atexit
import os as _os
from typing import List, Tuple  # noqa: F401  (the original exports these names too)

from ._omniclient import *  # noqa: F401,F403
from ._omniclient import (  # noqa: F401
    VERSION,
    _INVALID_REQUEST_ID,
    _write_chrome_trace,
    ListEntry,
    Result,
    shutdown,
)
from . import _omniclient, _ops
from ._ops import set_result_if_not_done  # noqa: F401
from ._async_ops import *  # noqa: F401,F403
from ._blocking_ops import *  # noqa: F401,F403
from ._callback_ops import *  # noqa: F401,F403

#: Returned from an authentication callback to stop trying to connect to that server.
AUTH_ABORT = True


class _Record:
    """A plain value object: attributes with class-level defaults, set by keyword."""

    def __init__(self, **values):
        for name, value in values.items():
            if not hasattr(type(self), name):
                raise TypeError(f"{type(self).__name__} has no attribute {name!r}")
            setattr(self, name, value)


class LiveSessionInfo(_Record):
    """A live session of a layer."""

    session_name = ""
    session_owner = ""
    session_url = ""
    modified_timestamp = 0


class LiveUserInfo(_Record):
    """A user joined to a live session."""

    user_name = ""
    app_name = ""
    connection_id = ""


class LiveSessionEvent(_Record):
    """Something that happened in a live session."""

    event_type = LiveSessionEventType.CONNECTION  # noqa: F405  (the first type, as the original's default)
    user_name = ""
    app_name = ""
    connection_id = ""
    message_data = b""
    message_size = 0


class StorageRegistration:
    """Storage registered with :func:`register_storage_direct`; ``stop()`` unregisters it."""

    registered = ()

    def __init__(self, urls):
        self.registered = list(urls)

    def stop(self):
        self.registered = []


def _storage_registration(answer):
    result, urls = answer
    return StorageRegistration(urls) if result == Result.OK else None


def register_storage_direct(url: str, headers: dict = None):
    """Registers cloud storage at ``url`` (no cloud storage provider in this build: returns None)."""
    return _storage_registration(_omniclient._register_storage(url, ...))


async def register_storage_direct_async(url: str, headers: dict = None):
    """register_storage_direct, resolving on the running event loop."""
    return _storage_registration(await _register_storage_async(url))


def register_storage_direct_with_callback(url: str, headers: object = None, callback=_ops.REQUIRED):
    """register_storage_direct, calling ``callback(result, urls)``; returns a Request."""
    if callback is _ops.REQUIRED:
        raise TypeError("register_storage_direct_with_callback() missing required argument: callback")
    return _omniclient._register_storage(url, callback)


def register_storage_from_discovery(discovery_url: str):
    """Registers the storage a discovery service names (none in this build: returns None)."""
    return _storage_registration(_omniclient._register_storage(discovery_url, ...))


async def register_storage_from_discovery_async(discovery_url: str):
    """register_storage_from_discovery, resolving on the running event loop."""
    return _storage_registration(await _register_storage_async(discovery_url))


def register_storage_from_discovery_with_callback(discovery_url: str, callback):
    """register_storage_from_discovery, calling ``callback(result, urls)``; returns a Request."""
    return _omniclient._register_storage(discovery_url, callback)


async def _register_storage_async(url):
    import asyncio

    loop = asyncio.get_running_loop()
    future = loop.create_future()
    _omniclient._register_storage(url, lambda *a: loop.call_soon_threadsafe(set_result_if_not_done, future, a))
    return await future


def resolve_subscribe_with_callback(url: str, search_urls, resolve_callback, subscribe_callback):
    """Resolves ``url`` as resolve() does through ``resolve_callback(result, entry, url)``, then tells changes to what was found through ``subscribe_callback`` until stopped; returns a Request."""
    return _omniclient._resolve_subscribe(url, search_urls, resolve_callback, subscribe_callback)


def join_channel_with_callback(url: str, callback):
    """Joins the channel at ``url``: ``callback(result, ChannelEvent, from, content)`` gets the
    join (JOIN from ''), the others coming (JOIN) and already there (HELLO), their messages
    (MESSAGE) and departures (LEFT), until the request is stopped (which leaves) or the channel
    ends (ERROR; DELETED when the channel was deleted)."""
    return _omniclient._join_channel(url, callback)


def live_read_with_callback(url: str, have_object_id: int = 0, have_sequence_num: int = 0, callback=_ops.REQUIRED,
                            process_immediately: bool = True):
    """Reads the live object at ``url`` and follows it: ``callback(result, object_id, sequence, content)``
    gets its current state (only the versions after ``have_sequence_num`` when ``have_object_id``
    names it), then ``(OK_LATEST, object_id, 0, b'')``, then every later version. With
    ``process_immediately`` false those later versions wait for :func:`live_process`. Returns a Request."""
    if callback is _ops.REQUIRED:
        raise TypeError("live_read_with_callback() missing required argument: callback")
    return _omniclient._live_read(url, have_object_id, have_sequence_num, callback, bool(process_immediately))


def live_join_session_with_callback(session_url: str, app_name: str, callback):
    """Joins a live session as ``app_name``: ``callback(result, LiveSessionEvent)`` gets
    CONNECTION (our connection id) first, then members JOINED, their MESSAGEs and when they
    LEFT, until the request is stopped (which tells the others we left); returns a Request."""
    def on_event(result, event_type, connection_id, user_name, app_name, message):
        data = bytes(memoryview(message)) if message is not None else b""
        callback(result, LiveSessionEvent(event_type=event_type, connection_id=connection_id, user_name=user_name,
                                          app_name=app_name, message_data=data, message_size=len(data)))
    return _omniclient._live_join_session(session_url, app_name, on_event)


def close_cached_file(handle) -> None:
    """Releases a file opened with :func:`open_cached_file`."""
    if handle is not None:
        stop(handle)  # noqa: F405


def bypass_list_cache(bypass: bool) -> None:
    """While ``bypass`` is true, stat and list ask the server every time (no listing cache)."""
    _omniclient._bypass_list_cache(bypass)


def clear_list_cache(url: str) -> bool:
    """Forgets the cached listings of the server serving ``url``; False if its provider keeps none."""
    return _omniclient._clear_list_cache(url)


def set_azure_sas_token(host: str, container: str, sasToken: str, writeConfig: bool):
    """Gives requests to ``host``'s ``container`` this SAS (as an ``[azure."host/container"]`` entry
    of omniverse.toml would), for this process, and in omniverse.toml too with ``writeConfig``."""
    return _omniclient._set_azure_sas_token(host, container, sasToken or "", bool(writeConfig))


def set_s3_configuration(url: str, bucket: str = None, region: str = None, accessKeyId: str = None, secretAccessKey: str = None,
                         sessionToken: str = None, cloudfrontUrl: str = None, cloudfrontForList: bool = False,
                         writeConfig: bool = False, canonicalHost: str = None):
    """Makes ``url``'s host an S3 bucket (as an ``[s3."host"]`` entry of omniverse.toml would), for
    this process, and in omniverse.toml too with ``writeConfig``."""
    c = _omniclient._S3Configuration()
    c.url = url
    c.bucket, c.region = bucket or "", region or ""
    c.access_key_id, c.secret_access_key, c.session_token = accessKeyId or "", secretAccessKey or "", sessionToken or ""
    c.cloudfront_url, c.cloudfront_for_list = cloudfrontUrl or "", bool(cloudfrontForList)
    c.canonical_host, c.write_config = canonicalHost or "", bool(writeConfig)
    return _omniclient._set_s3_configuration(c)


# Settings and hooks of subsystems this build does not have (Hub, storage access
# tokens, the Nucleus cache service). They are accepted and have no effect, as with a server
# that lacks them.
def enable_nucleus_cache_bypass(bypass_on: bool) -> bool:
    """Would bypass the Nucleus cache service; there is none here, so it returns False."""
    return False


def live_process() -> None:
    """Delivers every queued live-object version, in the order the server sent them, on this thread."""
    _omniclient._live_process()


def live_process_up_to(url: str, server_time: int) -> None:
    """Delivers the queued versions up to the first of ``url`` whose server time is after
    ``server_time`` (µs since the epoch); the queued callbacks then get MORE with the next one's time."""
    _omniclient._live_process_up_to(url, server_time)


def live_get_latest_server_time(url: str) -> int:
    """The server time (µs since the epoch) of the newest version of ``url`` received; 0 if none."""
    return _omniclient._live_get_latest_server_time(url)


def live_wait_for_pending_updates() -> None:
    """Waits until every live_update sent has been answered (and its callback has run)."""
    _omniclient._live_wait_for_pending_updates()


def live_set_queued_callback(callback) -> None:
    """Deprecated: calls ``callback()`` (on the callback thread) when live-object versions start
    waiting for :func:`live_process`; None removes it."""
    _omniclient._live_set_queued_callback(callback)


def set_authentication_message_box_callback(callback) -> None:
    """Sets the function that would show sign-in messages (accepted and unused here)."""
    pass


def authentication_cancel(auth_handle: int) -> None:
    """Gives up the sign-in that ``auth_handle`` names (from the device-flow or authentication callback)."""
    _omniclient._authentication_cancel(auth_handle)


def set_storage_access_token(auth_handle: int, access_token: str) -> bool:
    """Answers a cloud storage sign-in with a token (no cloud storage here: returns False)."""
    return False


def sign_out(url: str) -> None:
    """Signs out of the server serving ``url`` and forgets its token."""
    _omniclient._sign_out(url)


def reconnect(url: str) -> None:
    """Drops the connection to the server serving ``url`` so that the next request connects again."""
    _omniclient._reconnect(url)


def write_chrome_trace() -> None:
    """Writes the spans recorded since trace_start() to a Chrome trace file (OMNI_TRACE_FILE, or one in the temp folder)."""
    import tempfile

    path = _os.environ.get("OMNI_TRACE_FILE") or _os.path.join(tempfile.gettempdir(), f"omniclient-trace-{_os.getpid()}.json")
    _write_chrome_trace(path)


_atexit.register(shutdown)
