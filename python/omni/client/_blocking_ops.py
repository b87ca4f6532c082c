"""omni.client operations, blocking form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import REQUIRED, _explain_type_error


def stat(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Blocks until done and returns ``(result, entry)``.
    """
    try:
        return _native._stat(url, include_deleted_option, ...)
    except TypeError:
        _explain_type_error('stat', locals())
        raise


def list(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Blocks until done and returns ``(result, entries)``.
    """
    try:
        return _native._list(url, include_deleted_option, ...)
    except TypeError:
        _explain_type_error('list', locals())
        raise


def read_file(url):
    """Reads the whole content of the file at ``url``.

    Blocks until done and returns ``(result, version, content)``.
    """
    try:
        return _native._read_file(url, ...)
    except TypeError:
        _explain_type_error('read_file', locals())
        raise


def write_file(url, content, message=''):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._write_file(url, content, message, ...)
    except TypeError:
        _explain_type_error('write_file', locals())
        raise


def write_file_ex(url, content, message='', skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Blocks until done and returns ``(result, info)``.
    """
    try:
        return _native._write_file_ex(url, content, message, skip_checkpoint, ...)
    except TypeError:
        _explain_type_error('write_file_ex', locals())
        raise


def create_folder(url):
    """Makes the folder ``url`` (its parent must exist).

    Blocks until done and returns ``result``.
    """
    try:
        return _native._create_folder(url, ...)
    except TypeError:
        _explain_type_error('create_folder', locals())
        raise


def delete(url):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._delete(url, ...)
    except TypeError:
        _explain_type_error('delete', locals())
        raise


def delete_single(url):
    """Deletes the file or the empty folder at ``url``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._delete_single(url, ...)
    except TypeError:
        _explain_type_error('delete_single', locals())
        raise


def copy(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._copy(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('copy', locals())
        raise


def copy_file(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._copy_file(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('copy_file', locals())
        raise


def copy_folder(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._copy_folder(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('copy_folder', locals())
        raise


def move(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('move', locals())
        raise


def move_file(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move_file(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('move_file', locals())
        raise


def move_folder(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move_folder(src_url, dst_url, behavior, message, ...)
    except TypeError:
        _explain_type_error('move_folder', locals())
        raise


def create_checkpoint(url, comment, force=False):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Blocks until done and returns ``(result, query)``.
    ``query``: the checkpoint's URL query.
    """
    try:
        return _native._create_checkpoint(url, comment, force, ...)
    except TypeError:
        _explain_type_error('create_checkpoint', locals())
        raise


def list_checkpoints(url):
    """Lists the checkpoints of the file at ``url``.

    Blocks until done and returns ``(result, entries)``.
    """
    try:
        return _native._list_checkpoints(url, ...)
    except TypeError:
        _explain_type_error('list_checkpoints', locals())
        raise


def get_acls(url):
    """Tells who may read, write and administer ``url``.

    Blocks until done and returns ``(result, acls)``.
    """
    try:
        return _native._get_acls(url, ...)
    except TypeError:
        _explain_type_error('get_acls', locals())
        raise


def set_acls(url, acls):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Blocks until done and returns ``result``.
    """
    try:
        return _native._set_acls(url, acls, ...)
    except TypeError:
        _explain_type_error('set_acls', locals())
        raise


def lock(url):
    """Locks the file at ``url`` so that only this user may change it.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._lock(url, ...)
    except TypeError:
        _explain_type_error('lock', locals())
        raise


def unlock(url):
    """Releases a lock on the file at ``url``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._unlock(url, ...)
    except TypeError:
        _explain_type_error('unlock', locals())
        raise


def undelete(url):
    """Brings a deleted file or folder back from the trash.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._undelete(url, ...)
    except TypeError:
        _explain_type_error('undelete', locals())
        raise


def obliterate(url, obliterate_checkpoints):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._obliterate(url, obliterate_checkpoints, ...)
    except TypeError:
        _explain_type_error('obliterate', locals())
        raise


def get_local_file(url, download=True):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Blocks until done and returns ``(result, local_path)``.
    """
    try:
        return _native._get_local_file(url, download, ...)
    except TypeError:
        _explain_type_error('get_local_file', locals())
        raise


def open_cached_file(url, download=True):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Blocks until done and returns ``(result, handle, local_path)``.
    """
    try:
        return _native._open_cached_file(url, download, ...)
    except TypeError:
        _explain_type_error('open_cached_file', locals())
        raise


def create_with_hash(url, hash, overwrite):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Blocks until done and returns ``(result, version, hash)``.
    """
    try:
        return _native._create_with_hash(url, hash, overwrite, None, ...)
    except TypeError:
        _explain_type_error('create_with_hash', locals())
        raise


def get_server_info(url):
    """Describes the server serving ``url`` (version, user, features).

    Blocks until done and returns ``(result, info)``.
    """
    try:
        return _native._get_server_info(url, ...)
    except TypeError:
        _explain_type_error('get_server_info', locals())
        raise


def get_users(url):
    """Names the users of the server serving ``url``.

    Blocks until done and returns ``(result, users)``.
    """
    try:
        return _native._get_users(url, ...)
    except TypeError:
        _explain_type_error('get_users', locals())
        raise


def get_groups(url):
    """Names the groups of the server serving ``url``.

    Blocks until done and returns ``(result, groups)``.
    """
    try:
        return _native._get_groups(url, ...)
    except TypeError:
        _explain_type_error('get_groups', locals())
        raise


def get_group_users(url, group):
    """Names the users in ``group``.

    Blocks until done and returns ``(result, users)``.
    """
    try:
        return _native._get_group_users(url, group, ...)
    except TypeError:
        _explain_type_error('get_group_users', locals())
        raise


def get_user_groups(url, user):
    """Names the groups ``user`` is in.

    Blocks until done and returns ``(result, groups)``.
    """
    try:
        return _native._get_user_groups(url, user, ...)
    except TypeError:
        _explain_type_error('get_user_groups', locals())
        raise


def create_group(url, group):
    """Makes the group ``group``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._create_group(url, group, ...)
    except TypeError:
        _explain_type_error('create_group', locals())
        raise


def rename_group(url, group, new_group):
    """Renames the group ``group`` to ``new_group``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._rename_group(url, group, new_group, ...)
    except TypeError:
        _explain_type_error('rename_group', locals())
        raise


def remove_group(url, group):
    """Removes the group ``group``.

    Blocks until done and returns ``(result, count)``.
    ``count``: of users who were in it.
    """
    try:
        return _native._remove_group(url, group, ...)
    except TypeError:
        _explain_type_error('remove_group', locals())
        raise


def add_user_to_group(url, user, group):
    """Puts ``user`` in ``group``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._add_user_to_group(url, user, group, ...)
    except TypeError:
        _explain_type_error('add_user_to_group', locals())
        raise


def remove_user_from_group(url, user, group):
    """Takes ``user`` out of ``group``.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._remove_user_from_group(url, user, group, ...)
    except TypeError:
        _explain_type_error('remove_user_from_group', locals())
        raise


def get_metadata(url):
    """Reads the metadata stored with ``url``.

    Blocks until done and returns ``(result, entries)``.
    """
    try:
        return _native._get_metadata(url, ...)
    except TypeError:
        _explain_type_error('get_metadata', locals())
        raise


def refresh_auth_token(url):
    """Gets a fresh access token for the server serving ``url``.

    Blocks until done and returns ``(result, token)``.
    """
    try:
        return _native._refresh_auth_token(url, ...)
    except TypeError:
        _explain_type_error('refresh_auth_token', locals())
        raise


def resolve(url, search_urls):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Blocks until done and returns ``(result, entry, url)``.
    """
    try:
        return _native._resolve(url, search_urls, ...)
    except TypeError:
        _explain_type_error('resolve', locals())
        raise


def live_create(url, content):
    """Creates (or replaces) the live object at ``url`` with ``content``: (result, object_id,
    sequence 1).

    Blocks until done and returns ``(result, object_id, sequence)``.
    """
    try:
        return _native._live_create(url, content, ...)
    except TypeError:
        _explain_type_error('live_create', locals())
        raise


def live_update(url, object_id, content):
    """Sends ``content`` as the next version of the live object ``object_id`` at ``url``: (result,
    sequence, 0).

    Blocks until done and returns ``(result, sequence, request_id)``.
    """
    try:
        return _native._live_update(url, object_id, content, ...)
    except TypeError:
        _explain_type_error('live_update', locals())
        raise


def live_create_session(base_layer_url, session_name=''):
    """Creates the live session ``session_name`` of the layer ``base_layer_url``: its folder under
    ``.live/`` and its ``__session__.toml``.

    Blocks until done and returns ``(result, session_url)``.
    """
    try:
        return _native._live_create_session(base_layer_url, session_name, ...)
    except TypeError:
        _explain_type_error('live_create_session', locals())
        raise


def live_list_sessions(base_layer_url):
    """Lists the live sessions of a layer (LiveSessionInfo: name, owner, URL, modified time in ns).

    Blocks until done and returns ``(result, sessions)``.
    """
    try:
        return _native._live_list_sessions(base_layer_url, ...)
    except TypeError:
        _explain_type_error('live_list_sessions', locals())
        raise


def send_message(join_request_id, content):
    """Sends ``content`` to the channel that the join ``join_request_id`` joined.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._send_message(join_request_id, content, ...)
    except TypeError:
        _explain_type_error('send_message', locals())
        raise


def live_send_message(join_request_id, content):
    """Sends ``content`` (UTF-8 text) to the live session that the join ``join_request_id`` joined.

    Blocks until done and returns ``result``.
    """
    try:
        return _native._live_send_message(join_request_id, content, ...)
    except TypeError:
        _explain_type_error('live_send_message', locals())
        raise


def get_hub_version():
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Blocks until done and returns ``(result, version)``.
    """
    try:
        return _native._get_hub_version(...)
    except TypeError:
        _explain_type_error('get_hub_version', locals())
        raise


def get_hub_http_uri():
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Blocks until done and returns ``(result, uri)``.
    """
    try:
        return _native._get_hub_http_uri(...)
    except TypeError:
        _explain_type_error('get_hub_http_uri', locals())
        raise


# They belong to omni.client, whose names they are.
for _op in (
    stat, list, read_file, write_file, write_file_ex, create_folder, delete, delete_single,
    copy, copy_file, copy_folder, move, move_file, move_folder, create_checkpoint,
    list_checkpoints, get_acls, set_acls, lock, unlock, undelete, obliterate, get_local_file,
    open_cached_file, create_with_hash, get_server_info, get_users, get_groups, get_group_users,
    get_user_groups, create_group, rename_group, remove_group, add_user_to_group,
    remove_user_from_group, get_metadata, refresh_auth_token, resolve, live_create, live_update,
    live_create_session, live_list_sessions, send_message, live_send_message, get_hub_version,
    get_hub_http_uri,
):
    _op.__module__ = 'omni.client'
