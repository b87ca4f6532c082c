"""The table of omni.client operations and the generator of their three calling conventions.

Each row names an operation, the parameters of its blocking form (which its ``*_async`` form
shares) and of its ``*_with_callback`` form, exactly as omni.client spells them, the native
primitive it calls, what it does and what it answers. The native primitive
``_omniclient._<name>`` takes the blocking parameters in order plus ``callback``: ``...`` for a
blocking call, ``None`` for no callback.

The functions are real source: ``_blocking_ops.py``, ``_callback_ops.py`` and ``_async_ops.py``,
written from this table by ``scripts/gen_stubs.py`` (which also writes the typing stubs)
(tests/core/test_help_and_types.py fails when they differ from it), so that ``help()``, tracebacks,
``inspect.getsource`` and type checkers see ordinary functions.
"""

import textwrap
import weakref
from typing import NamedTuple

from . import _omniclient as _native


class Operation(NamedTuple):
    name: str
    blocking: str  # the blocking and async forms' parameters
    callback_form: str  # the _with_callback form's parameters
    primitive: str
    summary: str  # what it does, for the docstrings
    answer: str  # what it answers: "result" or "result, value..."


_B = "behavior=CopyBehavior.ERROR_IF_EXISTS"
_INC = "include_deleted_option=ListIncludeOption.NO_DELETED_FILES"
_COPY = f"src_url, dst_url, {_B}, message=''", f"src_url, dst_url, callback, {_B}, message=None"
_COPY_NOTE = ("``behavior`` says what to do when ``dst_url`` exists; ``message`` is the checkpoint comment "
              "on servers that keep versions.")
_MOVE_ANSWER = "result, copied (True when the move was done as a copy then a delete)"

OPERATIONS = [Operation(*row) for row in [
    ("stat", f"url, {_INC}", f"url, callback, {_INC}", "_stat",
     "Describes the file or folder at ``url`` (size, times, flags, version).", "result, entry"),
    ("list", f"url, {_INC}", f"url, callback, {_INC}", "_list",
     "Lists what the folder at ``url`` holds (a file lists as itself).", "result, entries"),
    ("read_file", "url", "url, callback", "_read_file",
     "Reads the whole content of the file at ``url``.", "result, version, content"),
    ("write_file", "url, content, message=''", "url, content, callback, message=None", "_write_file",
     "Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there; "
     "``message`` is the checkpoint comment on servers that keep versions.", "result"),
    ("write_file_ex", "url, content, message='', skip_checkpoint=False",
     "url, content, callback, message=None, skip_checkpoint=False", "_write_file_ex",
     "Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a "
     "checkpoint.", "result, info"),
    ("create_folder", "url", "url, callback", "_create_folder",
     "Makes the folder ``url`` (its parent must exist).", "result"),
    ("delete", "url", "url, callback", "_delete",
     "Deletes the file or folder at ``url``, a folder with everything in it.", "result"),
    ("delete_single", "url", "url, callback", "_delete_single",
     "Deletes the file or the empty folder at ``url``.", "result"),
    ("copy", *_COPY, "_copy", f"Copies the file or folder ``src_url`` to ``dst_url``. {_COPY_NOTE}", "result"),
    ("copy_file", *_COPY, "_copy_file", f"Copies the file ``src_url`` to ``dst_url``. {_COPY_NOTE}", "result"),
    ("copy_folder", *_COPY, "_copy_folder",
     f"Copies the folder ``src_url`` and everything in it to ``dst_url``. {_COPY_NOTE}", "result"),
    ("move", *_COPY, "_move", f"Moves (renames) the file or folder ``src_url`` to ``dst_url``. {_COPY_NOTE}",
     _MOVE_ANSWER),
    ("move_file", *_COPY, "_move_file", f"Moves the file ``src_url`` to ``dst_url``. {_COPY_NOTE}", _MOVE_ANSWER),
    ("move_folder", *_COPY, "_move_folder", f"Moves the folder ``src_url`` to ``dst_url``. {_COPY_NOTE}",
     _MOVE_ANSWER),
    ("create_checkpoint", "url, comment, force=False", "url, comment, force=False, callback=REQUIRED",
     "_create_checkpoint",
     "Records the file's current content as a checkpoint with ``comment``; ``force`` makes one even "
     "when nothing changed since the last.", "result, query (the checkpoint's URL query)"),
    ("list_checkpoints", "url", "url, callback", "_list_checkpoints",
     "Lists the checkpoints of the file at ``url``.", "result, entries"),
    ("get_acls", "url", "url, callback", "_get_acls",
     "Tells who may read, write and administer ``url``.", "result, acls"),
    ("set_acls", "url, acls", "url, acls, callback", "_set_acls",
     "Sets who may read, write and administer ``url`` (a list of AclEntry).", "result"),
    ("lock", "url", "url, callback", "_lock", "Locks the file at ``url`` so that only this user may change it.",
     "result"),
    ("unlock", "url", "url, callback", "_unlock", "Releases a lock on the file at ``url``.", "result"),
    ("undelete", "url", "url, callback", "_undelete", "Brings a deleted file or folder back from the trash.",
     "result"),
    ("obliterate", "url, obliterate_checkpoints", "url, obliterate_checkpoints, callback", "_obliterate",
     "Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its checkpoints "
     "as well.", "result"),
    ("get_local_file", "url, download=True", "url, download=True, callback=REQUIRED", "_get_local_file",
     "Gives a local path holding the file at ``url`` (downloaded into the cache unless ``download`` is "
     "False).", "result, local_path"),
    ("open_cached_file", "url, download=True", "url, download=True, callback=REQUIRED", "_open_cached_file",
     "Like get_local_file, keeping the local copy until close_cached_file(handle).",
     "result, handle, local_path"),
    ("create_with_hash", "url, hash, overwrite", "url, hash, overwrite, callback, message=None",
     "_create_with_hash",
     "Makes the file ``url`` from content the server already holds under ``hash``.", "result, version, hash"),
    ("get_server_info", "url", "url, callback", "_get_server_info",
     "Describes the server serving ``url`` (version, user, features).", "result, info"),
    ("get_users", "url", "url, callback", "_get_users", "Names the users of the server serving ``url``.",
     "result, users"),
    ("get_groups", "url", "url, callback", "_get_groups", "Names the groups of the server serving ``url``.",
     "result, groups"),
    ("get_group_users", "url, group", "url, group, callback", "_get_group_users", "Names the users in ``group``.",
     "result, users"),
    ("get_user_groups", "url, user", "url, user, callback", "_get_user_groups", "Names the groups ``user`` is in.",
     "result, groups"),
    ("create_group", "url, group", "url, group, callback", "_create_group", "Makes the group ``group``.", "result"),
    ("rename_group", "url, group, new_group", "url, group, new_group, callback", "_rename_group",
     "Renames the group ``group`` to ``new_group``.", "result"),
    ("remove_group", "url, group", "url, group, callback", "_remove_group", "Removes the group ``group``.",
     "result, count (of users who were in it)"),
    ("add_user_to_group", "url, user, group", "url, user, group, callback", "_add_user_to_group",
     "Puts ``user`` in ``group``.", "result"),
    ("remove_user_from_group", "url, user, group", "url, user, group, callback", "_remove_user_from_group",
     "Takes ``user`` out of ``group``.", "result"),
    ("get_metadata", "url", "url, callback", "_get_metadata", "Reads the metadata stored with ``url``.",
     "result, entries"),
    ("refresh_auth_token", "url", "url, callback", "_refresh_auth_token",
     "Gets a fresh access token for the server serving ``url``.", "result, token"),
    ("resolve", "url, search_urls", "url, search_urls, callback", "_resolve",
     "Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was found.",
     "result, entry, url"),
    ("live_create", "url, content", "url, content, callback", "_live_create",
     "Creates (or replaces) the live object at ``url`` with ``content``: (result, object_id, sequence 1).",
     "result, object_id, sequence"),
    ("live_update", "url, object_id, content", "url, object_id, content, callback", "_live_update",
     "Sends ``content`` as the next version of the live object ``object_id`` at ``url``: (result, sequence, 0).",
     "result, sequence, request_id"),
    ("live_create_session", "base_layer_url, session_name=''", "base_layer_url, session_name, callback",
     "_live_create_session",
     "Creates the live session ``session_name`` of the layer ``base_layer_url``: its folder under "
     "``.live/`` and its ``__session__.toml``.",
     "result, session_url"),
    ("live_list_sessions", "base_layer_url", "base_layer_url, callback", "_live_list_sessions",
     "Lists the live sessions of a layer (LiveSessionInfo: name, owner, URL, modified time in ns).",
     "result, sessions"),
    ("send_message", "join_request_id, content", "join_request_id, content, callback", "_send_message",
     "Sends ``content`` to the channel that the join ``join_request_id`` joined.", "result"),
    ("live_send_message", "join_request_id, content", "join_request_id, content, callback", "_live_send_message",
     "Sends ``content`` (UTF-8 text) to the live session that the join ``join_request_id`` joined.", "result"),
    ("get_hub_version", "", "callback", "_get_hub_version",
     "Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).",
     "result, version"),
    ("get_hub_http_uri", "", "callback", "_get_hub_http_uri",
     "Asks the local Hub cache service for its HTTP address (there is no Hub here: ERROR_CONNECTION).",
     "result, uri"),
]]

# Parameters the primitive receives in the callback form but that the blocking form does not
# have; the blocking form passes their default.
_PRIMITIVE_EXTRA = {"create_with_hash": ("message", "None")}


class _Required:
    """A callback that the original declares after a defaulted parameter cannot be spelled in
    Python without a default; this marker stands for "must be given"."""

    def __repr__(self):
        return "REQUIRED"


REQUIRED = _Required()


def _names(params):
    return [p.split("=")[0].strip() for p in params.split(",") if p.strip()]


def _docstring(op, form):
    values = ", ".join(part.split(" (")[0] for part in op.answer.split(", "))
    shown = values if "," not in values else f"({values})"
    how = {
        "": f"Blocks until done and returns ``{shown}``.",
        "_with_callback": (f"Returns a Request at once; ``callback({values})`` runs on the library's\n"
                           "callback thread when it is done."),
        "_async": f"Resolves to ``{shown}``; cancelling the awaiting task stops the request.",
    }[form]
    notes = [part.split(" (", 1) for part in op.answer.split(", ") if " (" in part]
    how += "".join(f"\n``{name}``: {note.rstrip(')')}." for name, note in notes)
    lines = textwrap.wrap(op.summary, 92) + [""] + how.splitlines()
    return "\n".join(["    \"\"\"" + lines[0]] + [f"    {line}".rstrip() for line in lines[1:]] + ['    """'])


# One generated module per calling convention (each stays a readable size).
FORMS = {
    "": ("_blocking_ops.py", "blocking"),
    "_with_callback": ("_callback_ops.py", "callback"),
    "_async": ("_async_ops.py", "async"),
}


def _function(op, form):
    args = _names(op.blocking)
    extra = _PRIMITIVE_EXTRA.get(op.name)
    call = args + ([extra[1]] if extra else [])
    params, name = op.blocking, op.name + form
    if form == "_with_callback":
        params = op.callback_form
        given = _names(op.callback_form)
        call = [a for a in args + ([extra[0]] if extra else []) if a in given] + ["callback"]
    else:
        call.append("..." if form == "" else "done")
    call_text = ", ".join(call)
    prefix = "async " if form == "_async" else ""
    body = []
    if "callback=REQUIRED" in params:
        body.append(f"    if callback is REQUIRED:\n        raise TypeError('{name}() missing required argument: callback')")
    # The primitive is called inline (no helper frame: the async path is hot); a TypeError it
    # raises is told in terms of the caller's parameters, which locals() holds at that point.
    if form == "_async":
        body.append("    _future, done = _bridge()")
        body.append(f"    try:\n        _request = _native.{op.primitive}({call_text})\n"
                    f"    except TypeError:\n        _explain_type_error({name!r}, locals())\n        raise")
        body.append("    try:\n        return await _future\n    except BaseException:\n"
                    "        if _future.cancelled():  # the awaiting task was cancelled\n            _request.stop()\n        raise")
    else:
        body.append(f"    try:\n        return _native.{op.primitive}({call_text})\n"
                    f"    except TypeError:\n        _explain_type_error({name!r}, locals())\n        raise")
    return f"\n\n{prefix}def {name}({params}):\n{_docstring(op, form)}\n" + "\n".join(body) + "\n"


def source(form):
    """The text of the generated module of one calling convention (a key of FORMS)."""
    kind = FORMS[form][1]
    helpers = {"": "REQUIRED, _explain_type_error", "_with_callback": "REQUIRED, _explain_type_error",
               "_async": "_bridge, _explain_type_error"}[form]
    out = [f'"""omni.client operations, {kind} form.\n\n'
           f'Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.\n"""\n'
           + "from . import _omniclient as _native\n"
           "from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures\n"
           f"from ._ops import {helpers}\n"]
    out += [_function(op, form) for op in OPERATIONS]
    names = textwrap.fill(", ".join(op.name + form for op in OPERATIONS) + ",", 96,
                          initial_indent="    ", subsequent_indent="    ")
    out.append(f"\n\n# They belong to omni.client, whose names they are.\nfor _op in (\n{names}\n):\n"
               "    _op.__module__ = 'omni.client'\n")
    return "".join(out)


# What each parameter takes, for a TypeError that names the wrong one: a description and a test
# of the values the native primitives accept.
def _is_url(v):
    return v is None or isinstance(v, (str, bytes))


def _is_bytes_like(v):
    try:
        memoryview(v)
        return True
    except TypeError:
        return False


def _is_text_or_none(v):
    return v is None or isinstance(v, str)


def _is_truth_value(v):
    return v is None or hasattr(type(v), "__bool__")


def _is_list_of(kind):
    return lambda v: isinstance(v, (list, tuple)) and all(isinstance(item, kind) for item in v)


def _parameter_types():
    from ._omniclient import AclEntry, CopyBehavior, ListIncludeOption

    text = ("str", lambda v: isinstance(v, str))
    flag = ("bool", _is_truth_value)
    return {
        **dict.fromkeys(("url", "src_url", "dst_url", "base_layer_url"), ("str (a URL)", _is_url)),
        **dict.fromkeys(("comment", "hash", "group", "new_group", "user", "session_name"), text),
        **dict.fromkeys(("force", "download", "overwrite", "obliterate_checkpoints", "skip_checkpoint"), flag),
        **dict.fromkeys(("object_id", "join_request_id"), ("int", lambda v: isinstance(v, int))),
        "message": ("str or None", _is_text_or_none),
        "content": ("a bytes-like object (bytes, bytearray, memoryview, Content)", _is_bytes_like),
        "behavior": ("CopyBehavior", lambda v: isinstance(v, CopyBehavior)),
        "include_deleted_option": ("ListIncludeOption", lambda v: isinstance(v, ListIncludeOption)),
        "acls": ("a list of AclEntry", _is_list_of(AclEntry)),
        "search_urls": ("a list of str", _is_list_of(str)),
        "callback": ("a callable or None", lambda v: v is None or callable(v)),
    }


def _explain_type_error(function, arguments):
    """Called when a primitive refused its arguments: raises a TypeError naming the first argument
    of the wrong type and the type expected (returns if each looks right, to let the original
    error through)."""
    types = _parameter_types()
    for name, value in arguments.items():
        if name not in types:  # the function's own locals (a future, a callback)
            continue
        expected, accepts = types[name]
        if not accepts(value):
            raise TypeError(f"{function}() argument '{name}' must be {expected}, not {type(value).__name__}") from None


_bridges: "weakref.WeakKeyDictionary[object, object]" = weakref.WeakKeyDictionary()  # by event loop


def _bridge():
    """A future on the running loop and the callback a primitive resolves it through. Answers reach
    the loop from the library's threads in batches, one wake-up per batch (see LoopBridge in
    cpp/src/python/py_support.h); the bridge holds no reference to its loop."""
    import asyncio  # here, not at the top: a program that never awaits (a command) skips its import

    loop = asyncio.get_running_loop()
    bridge = _bridges.get(loop)
    if bridge is None:
        bridge = _bridges[loop] = _native._LoopBridge()
        loop.add_reader(bridge.fileno(), bridge.drain)
    future = loop.create_future()
    return future, _native._AsyncAnswer(bridge, future)


def set_result_if_not_done(f, result):
    """Resolves an asyncio future unless it was cancelled or resolved already."""
    if not f.done():
        f.set_result(result)


def write_modules(folder):
    """Writes the generated modules into ``folder`` (scripts/gen_stubs.py calls this)."""
    from pathlib import Path

    for form, (file, _) in FORMS.items():
        (Path(folder) / file).write_text(source(form))
