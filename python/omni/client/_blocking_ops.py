"""omni.client operations, blocking form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import REQUIRED, _call


def stat(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Blocks until done and returns ``(result, entry)``.
    """
    return _call(_native._stat, 'stat', locals(), url, include_deleted_option, ...)


def list(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Blocks until done and returns ``(result, entries)``.
    """
    return _call(_native._list, 'list', locals(), url, include_deleted_option, ...)


def read_file(url):
    """Reads the whole content of the file at ``url``.

    Blocks until done and returns ``(result, version, content)``.
    """
    return _call(_native._read_file, 'read_file', locals(), url, ...)


def write_file(url, content, message=''):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    return _call(_native._write_file, 'write_file', locals(), url, content, message, ...)


def write_file_ex(url, content, message='', skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Blocks until done and returns ``(result, info)``.
    """
    return _call(_native._write_file_ex, 'write_file_ex', locals(), url, content, message, skip_checkpoint, ...)


def create_folder(url):
    """Makes the folder ``url`` (its parent must exist).

    Blocks until done and returns ``result``.
    """
    return _call(_native._create_folder, 'create_folder', locals(), url, ...)


def delete(url):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Blocks until done and returns ``result``.
    """
    return _call(_native._delete, 'delete', locals(), url, ...)


def delete_single(url):
    """Deletes the file or the empty folder at ``url``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._delete_single, 'delete_single', locals(), url, ...)


def copy(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    return _call(_native._copy, 'copy', locals(), src_url, dst_url, behavior, message, ...)


def copy_file(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``result``.
    """
    return _call(_native._copy_file, 'copy_file', locals(), src_url, dst_url, behavior, message, ...)


def copy_folder(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Blocks until done and returns ``result``.
    """
    return _call(_native._copy_folder, 'copy_folder', locals(), src_url, dst_url, behavior, message, ...)


def move(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move, 'move', locals(), src_url, dst_url, behavior, message, ...)


def move_file(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move_file, 'move_file', locals(), src_url, dst_url, behavior, message, ...)


def move_folder(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Blocks until done and returns ``(result, copied)``.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move_folder, 'move_folder', locals(), src_url, dst_url, behavior, message, ...)


def create_checkpoint(url, comment, force=False):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Blocks until done and returns ``(result, query)``.
    ``query``: the checkpoint's URL query.
    """
    return _call(_native._create_checkpoint, 'create_checkpoint', locals(), url, comment, force, ...)


def list_checkpoints(url):
    """Lists the checkpoints of the file at ``url``.

    Blocks until done and returns ``(result, entries)``.
    """
    return _call(_native._list_checkpoints, 'list_checkpoints', locals(), url, ...)


def get_acls(url):
    """Tells who may read, write and administer ``url``.

    Blocks until done and returns ``(result, acls)``.
    """
    return _call(_native._get_acls, 'get_acls', locals(), url, ...)


def set_acls(url, acls):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Blocks until done and returns ``result``.
    """
    return _call(_native._set_acls, 'set_acls', locals(), url, acls, ...)


def lock(url):
    """Locks the file at ``url`` so that only this user may change it.

    Blocks until done and returns ``result``.
    """
    return _call(_native._lock, 'lock', locals(), url, ...)


def unlock(url):
    """Releases a lock on the file at ``url``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._unlock, 'unlock', locals(), url, ...)


def undelete(url):
    """Brings a deleted file or folder back from the trash.

    Blocks until done and returns ``result``.
    """
    return _call(_native._undelete, 'undelete', locals(), url, ...)


def obliterate(url, obliterate_checkpoints):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Blocks until done and returns ``result``.
    """
    return _call(_native._obliterate, 'obliterate', locals(), url, obliterate_checkpoints, ...)


def get_local_file(url, download=True):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Blocks until done and returns ``(result, local_path)``.
    """
    return _call(_native._get_local_file, 'get_local_file', locals(), url, download, ...)


def open_cached_file(url, download=True):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Blocks until done and returns ``(result, handle, local_path)``.
    """
    return _call(_native._open_cached_file, 'open_cached_file', locals(), url, download, ...)


def create_with_hash(url, hash, overwrite):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Blocks until done and returns ``(result, version, hash)``.
    """
    return _call(_native._create_with_hash, 'create_with_hash', locals(), url, hash, overwrite, None, ...)


def get_server_info(url):
    """Describes the server serving ``url`` (version, user, features).

    Blocks until done and returns ``(result, info)``.
    """
    return _call(_native._get_server_info, 'get_server_info', locals(), url, ...)


def get_users(url):
    """Names the users of the server serving ``url``.

    Blocks until done and returns ``(result, users)``.
    """
    return _call(_native._get_users, 'get_users', locals(), url, ...)


def get_groups(url):
    """Names the groups of the server serving ``url``.

    Blocks until done and returns ``(result, groups)``.
    """
    return _call(_native._get_groups, 'get_groups', locals(), url, ...)


def get_group_users(url, group):
    """Names the users in ``group``.

    Blocks until done and returns ``(result, users)``.
    """
    return _call(_native._get_group_users, 'get_group_users', locals(), url, group, ...)


def get_user_groups(url, user):
    """Names the groups ``user`` is in.

    Blocks until done and returns ``(result, groups)``.
    """
    return _call(_native._get_user_groups, 'get_user_groups', locals(), url, user, ...)


def create_group(url, group):
    """Makes the group ``group``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._create_group, 'create_group', locals(), url, group, ...)


def rename_group(url, group, new_group):
    """Renames the group ``group`` to ``new_group``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._rename_group, 'rename_group', locals(), url, group, new_group, ...)


def remove_group(url, group):
    """Removes the group ``group``.

    Blocks until done and returns ``(result, count)``.
    ``count``: of users who were in it.
    """
    return _call(_native._remove_group, 'remove_group', locals(), url, group, ...)


def add_user_to_group(url, user, group):
    """Puts ``user`` in ``group``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._add_user_to_group, 'add_user_to_group', locals(), url, user, group, ...)


def remove_user_from_group(url, user, group):
    """Takes ``user`` out of ``group``.

    Blocks until done and returns ``result``.
    """
    return _call(_native._remove_user_from_group, 'remove_user_from_group', locals(), url, user, group, ...)


def get_metadata(url):
    """Reads the metadata stored with ``url``.

    Blocks until done and returns ``(result, entries)``.
    """
    return _call(_native._get_metadata, 'get_metadata', locals(), url, ...)


def refresh_auth_token(url):
    """Gets a fresh access token for the server serving ``url``.

    Blocks until done and returns ``(result, token)``.
    """
    return _call(_native._refresh_auth_token, 'refresh_auth_token', locals(), url, ...)


def resolve(url, search_urls):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Blocks until done and returns ``(result, entry, url)``.
    """
    return _call(_native._resolve, 'resolve', locals(), url, search_urls, ...)


def live_create(url, content):
    """Creates a live layer at ``url`` (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``(result, object_id, sequence)``.
    """
    return _call(_native._live_create, 'live_create', locals(), url, content, ...)


def live_update(url, object_id, content):
    """Sends an update of a live layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``(result, object_id, sequence)``.
    """
    return _call(_native._live_update, 'live_update', locals(), url, object_id, content, ...)


def live_create_session(base_layer_url, session_name=''):
    """Starts a live session of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``(result, session_url)``.
    """
    return _call(_native._live_create_session, 'live_create_session', locals(), base_layer_url, session_name, ...)


def live_list_sessions(base_layer_url):
    """Lists the live sessions of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``(result, sessions)``.
    """
    return _call(_native._live_list_sessions, 'live_list_sessions', locals(), base_layer_url, ...)


def send_message(join_request_id, content):
    """Sends ``content`` to a joined channel (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``result``.
    """
    return _call(_native._send_message, 'send_message', locals(), join_request_id, content, ...)


def live_send_message(join_request_id, content):
    """Sends ``content`` to a live session (not in this build: answers ERROR_NOT_SUPPORTED).

    Blocks until done and returns ``result``.
    """
    return _call(_native._send_message, 'live_send_message', locals(), join_request_id, content, ...)


def get_hub_version():
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Blocks until done and returns ``(result, version)``.
    """
    return _call(_native._get_hub_version, 'get_hub_version', locals(), ...)


def get_hub_http_uri():
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Blocks until done and returns ``(result, uri)``.
    """
    return _call(_native._get_hub_http_uri, 'get_hub_http_uri', locals(), ...)


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
