"""The table of omni.client operations and the generator of their three calling conventions.

Each row names an operation, the parameters of its blocking form (which its ``*_async`` form
shares) and of its ``*_with_callback`` form, exactly as omni.client spells them. The native
primitive ``_omniclient._<name>`` takes the blocking parameters in order plus ``callback``:
``...`` for a blocking call, ``None`` for no callback. The functions are generated with real signatures so that
``inspect.signature`` and ``help()`` show what the original shows.
"""

import asyncio
import collections
import threading
import weakref

from . import _omniclient

_B = "behavior=CopyBehavior.ERROR_IF_EXISTS"
_INC = "include_deleted_option=ListIncludeOption.NO_DELETED_FILES"

# name, blocking parameters, callback-form parameters (None: no callback form), primitive
OPERATIONS = [
    ("stat", f"url, {_INC}", f"url, callback, {_INC}", "_stat"),
    ("list", f"url, {_INC}", f"url, callback, {_INC}", "_list"),
    ("read_file", "url", "url, callback", "_read_file"),
    ("write_file", "url, content, message=''", "url, content, callback, message=None", "_write_file"),
    ("write_file_ex", "url, content, message='', skip_checkpoint=False",
     "url, content, callback, message=None, skip_checkpoint=False", "_write_file_ex"),
    ("create_folder", "url", "url, callback", "_create_folder"),
    ("delete", "url", "url, callback", "_delete"),
    ("delete_single", "url", "url, callback", "_delete_single"),
    ("copy", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_copy"),
    ("copy_file", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_copy_file"),
    ("copy_folder", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_copy_folder"),
    ("move", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_move"),
    ("move_file", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_move_file"),
    ("move_folder", f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None", "_move_folder"),
    ("create_checkpoint", "url, comment, force=False", "url, comment, force=False, callback=REQUIRED", "_create_checkpoint"),
    ("list_checkpoints", "url", "url, callback", "_list_checkpoints"),
    ("get_acls", "url", "url, callback", "_get_acls"),
    ("set_acls", "url, acls", "url, acls, callback", "_set_acls"),
    ("lock", "url", "url, callback", "_lock"),
    ("unlock", "url", "url, callback", "_unlock"),
    ("undelete", "url", "url, callback", "_undelete"),
    ("obliterate", "url, obliterate_checkpoints", "url, obliterate_checkpoints, callback", "_obliterate"),
    ("get_local_file", "url, download=True", "url, download=True, callback=REQUIRED", "_get_local_file"),
    ("open_cached_file", "url, download=True", "url, download=True, callback=REQUIRED", "_open_cached_file"),
    ("create_with_hash", "url, hash, overwrite", "url, hash, overwrite, callback, message=None", "_create_with_hash"),
    ("get_server_info", "url", "url, callback", "_get_server_info"),
    ("get_users", "url", "url, callback", "_get_users"),
    ("get_groups", "url", "url, callback", "_get_groups"),
    ("get_group_users", "url, group", "url, group, callback", "_get_group_users"),
    ("get_user_groups", "url, user", "url, user, callback", "_get_user_groups"),
    ("create_group", "url, group", "url, group, callback", "_create_group"),
    ("rename_group", "url, group, new_group", "url, group, new_group, callback", "_rename_group"),
    ("remove_group", "url, group", "url, group, callback", "_remove_group"),
    ("add_user_to_group", "url, user, group", "url, user, group, callback", "_add_user_to_group"),
    ("remove_user_from_group", "url, user, group", "url, user, group, callback", "_remove_user_from_group"),
    ("get_metadata", "url", "url, callback", "_get_metadata"),
    ("refresh_auth_token", "url", "url, callback", "_refresh_auth_token"),
    ("resolve", "url, search_urls", "url, search_urls, callback", "_resolve"),
    ("live_create", "url, content", "url, content, callback", "_live_create"),
    ("live_update", "url, object_id, content", "url, object_id, content, callback", "_live_update"),
    ("live_create_session", "base_layer_url, session_name=''", "base_layer_url, session_name, callback", "_live_create_session"),
    ("live_list_sessions", "base_layer_url", "base_layer_url, callback", "_live_list_sessions"),
    ("send_message", "join_request_id, content", "join_request_id, content, callback", "_send_message"),
    ("live_send_message", "join_request_id, content", "join_request_id, content, callback", "_send_message"),
    ("get_hub_version", "", "callback", "_get_hub_version"),
    ("get_hub_http_uri", "", "callback", "_get_hub_http_uri"),
]

# Parameters the primitive receives in the callback form but that the blocking form does not
# have; the blocking form passes their default.
_PRIMITIVE_EXTRA = {"create_with_hash": ("message", "None")}

# A callback that the original declares after a defaulted parameter cannot be spelled in Python
# without a default; this marker stands for "must be given".
REQUIRED = object()


def _names(params):
    return [p.split("=")[0].strip() for p in params.split(",") if p.strip()]


def generate(namespace):
    """Defines every operation's blocking, ``_with_callback`` and ``_async`` functions in ``namespace``."""
    env = dict(namespace)
    env.update(_native=_omniclient, REQUIRED=REQUIRED, _asyncio=asyncio, _bridge=_bridge)
    code = []
    for name, blocking, callback_form, primitive in OPERATIONS:
        args = _names(blocking)
        extra = _PRIMITIVE_EXTRA.get(name)
        call_args = ", ".join(args + ([extra[1]] if extra else []))
        bsep = ", " if call_args else ""
        code.append(f"def {name}({blocking}):\n    return _native.{primitive}({call_args}{bsep}...)\n")
        cb_args = [a for a in _names(callback_form) if a != "callback"]
        cb_call = ", ".join(a for a in args + ([extra[0]] if extra else []) if a in cb_args)
        csep = ", " if cb_call else ""
        code.append(
            f"def {name}_with_callback({callback_form}):\n"
            f"    if callback is REQUIRED:\n"
            f"        raise TypeError('{name}_with_callback() missing required argument: callback')\n"
            f"    return _native.{primitive}({cb_call}{csep}callback)\n")
        code.append(
            f"async def {name}_async({blocking}):\n"
            f"    future, done = _bridge()\n"
            f"    request = _native.{primitive}({call_args}{bsep}done)\n"
            f"    try:\n"
            f"        return await future\n"
            f"    except _asyncio.CancelledError:\n"
            f"        request.stop()\n"
            f"        raise\n")
    exec(compile("\n".join(code), "<omni.client operations>", "exec"), env)
    for name, *_ in OPERATIONS:
        for suffix in ("", "_with_callback", "_async"):
            fn = env[name + suffix]
            fn.__module__ = "omni.client"
            namespace[name + suffix] = fn


class _LoopBridge:
    """Hands answers from the library's callback thread to one event loop. Answers queue up and
    the loop is woken once per batch, not once per answer: waking a loop costs a system call."""

    def __init__(self, loop):
        self._loop = loop
        self._pending = collections.deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def future(self):
        future = self._loop.create_future()

        def done(*answer):
            self._push(future, answer[0] if len(answer) == 1 else answer)

        return future, done

    def _push(self, future, answer):
        with self._lock:
            self._pending.append((future, answer))
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop was closed: nobody is waiting any more
            pass

    def _drain(self):
        with self._lock:
            batch, self._pending = self._pending, collections.deque()
            self._scheduled = False
        for future, answer in batch:
            set_result_if_not_done(future, answer)


_bridges = weakref.WeakKeyDictionary()


def _bridge():
    """A future on the running loop and the callback that resolves it from any thread."""
    loop = asyncio.get_running_loop()
    bridge = _bridges.get(loop)
    if bridge is None:
        bridge = _bridges[loop] = _LoopBridge(loop)
    return bridge.future()


def set_result_if_not_done(f, result):
    """Resolves an asyncio future unless it was cancelled or resolved already."""
    if not f.done():
        f.set_result(result)
