"""omni.client operations, async form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import _call_async


async def stat_async(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Resolves to ``(result, entry)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._stat, 'stat_async', locals(), lambda done: (url, include_deleted_option, done))


async def list_async(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._list, 'list_async', locals(), lambda done: (url, include_deleted_option, done))


async def read_file_async(url):
    """Reads the whole content of the file at ``url``.

    Resolves to ``(result, version, content)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._read_file, 'read_file_async', locals(), lambda done: (url, done))


async def write_file_async(url, content, message=''):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._write_file, 'write_file_async', locals(), lambda done: (url, content, message, done))


async def write_file_ex_async(url, content, message='', skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Resolves to ``(result, info)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._write_file_ex, 'write_file_ex_async', locals(), lambda done: (url, content, message, skip_checkpoint, done))


async def create_folder_async(url):
    """Makes the folder ``url`` (its parent must exist).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._create_folder, 'create_folder_async', locals(), lambda done: (url, done))


async def delete_async(url):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._delete, 'delete_async', locals(), lambda done: (url, done))


async def delete_single_async(url):
    """Deletes the file or the empty folder at ``url``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._delete_single, 'delete_single_async', locals(), lambda done: (url, done))


async def copy_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._copy, 'copy_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def copy_file_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._copy_file, 'copy_file_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def copy_folder_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._copy_folder, 'copy_folder_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def move_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return await _call_async(_native._move, 'move_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def move_file_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return await _call_async(_native._move_file, 'move_file_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def move_folder_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return await _call_async(_native._move_folder, 'move_folder_async', locals(), lambda done: (src_url, dst_url, behavior, message, done))


async def create_checkpoint_async(url, comment, force=False):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Resolves to ``(result, query)``; cancelling the awaiting task stops the request.
    ``query``: the checkpoint's URL query.
    """
    return await _call_async(_native._create_checkpoint, 'create_checkpoint_async', locals(), lambda done: (url, comment, force, done))


async def list_checkpoints_async(url):
    """Lists the checkpoints of the file at ``url``.

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._list_checkpoints, 'list_checkpoints_async', locals(), lambda done: (url, done))


async def get_acls_async(url):
    """Tells who may read, write and administer ``url``.

    Resolves to ``(result, acls)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_acls, 'get_acls_async', locals(), lambda done: (url, done))


async def set_acls_async(url, acls):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._set_acls, 'set_acls_async', locals(), lambda done: (url, acls, done))


async def lock_async(url):
    """Locks the file at ``url`` so that only this user may change it.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._lock, 'lock_async', locals(), lambda done: (url, done))


async def unlock_async(url):
    """Releases a lock on the file at ``url``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._unlock, 'unlock_async', locals(), lambda done: (url, done))


async def undelete_async(url):
    """Brings a deleted file or folder back from the trash.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._undelete, 'undelete_async', locals(), lambda done: (url, done))


async def obliterate_async(url, obliterate_checkpoints):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._obliterate, 'obliterate_async', locals(), lambda done: (url, obliterate_checkpoints, done))


async def get_local_file_async(url, download=True):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Resolves to ``(result, local_path)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_local_file, 'get_local_file_async', locals(), lambda done: (url, download, done))


async def open_cached_file_async(url, download=True):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Resolves to ``(result, handle, local_path)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._open_cached_file, 'open_cached_file_async', locals(), lambda done: (url, download, done))


async def create_with_hash_async(url, hash, overwrite):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Resolves to ``(result, version, hash)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._create_with_hash, 'create_with_hash_async', locals(), lambda done: (url, hash, overwrite, None, done))


async def get_server_info_async(url):
    """Describes the server serving ``url`` (version, user, features).

    Resolves to ``(result, info)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_server_info, 'get_server_info_async', locals(), lambda done: (url, done))


async def get_users_async(url):
    """Names the users of the server serving ``url``.

    Resolves to ``(result, users)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_users, 'get_users_async', locals(), lambda done: (url, done))


async def get_groups_async(url):
    """Names the groups of the server serving ``url``.

    Resolves to ``(result, groups)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_groups, 'get_groups_async', locals(), lambda done: (url, done))


async def get_group_users_async(url, group):
    """Names the users in ``group``.

    Resolves to ``(result, users)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_group_users, 'get_group_users_async', locals(), lambda done: (url, group, done))


async def get_user_groups_async(url, user):
    """Names the groups ``user`` is in.

    Resolves to ``(result, groups)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_user_groups, 'get_user_groups_async', locals(), lambda done: (url, user, done))


async def create_group_async(url, group):
    """Makes the group ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._create_group, 'create_group_async', locals(), lambda done: (url, group, done))


async def rename_group_async(url, group, new_group):
    """Renames the group ``group`` to ``new_group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._rename_group, 'rename_group_async', locals(), lambda done: (url, group, new_group, done))


async def remove_group_async(url, group):
    """Removes the group ``group``.

    Resolves to ``(result, count)``; cancelling the awaiting task stops the request.
    ``count``: of users who were in it.
    """
    return await _call_async(_native._remove_group, 'remove_group_async', locals(), lambda done: (url, group, done))


async def add_user_to_group_async(url, user, group):
    """Puts ``user`` in ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._add_user_to_group, 'add_user_to_group_async', locals(), lambda done: (url, user, group, done))


async def remove_user_from_group_async(url, user, group):
    """Takes ``user`` out of ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._remove_user_from_group, 'remove_user_from_group_async', locals(), lambda done: (url, user, group, done))


async def get_metadata_async(url):
    """Reads the metadata stored with ``url``.

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_metadata, 'get_metadata_async', locals(), lambda done: (url, done))


async def refresh_auth_token_async(url):
    """Gets a fresh access token for the server serving ``url``.

    Resolves to ``(result, token)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._refresh_auth_token, 'refresh_auth_token_async', locals(), lambda done: (url, done))


async def resolve_async(url, search_urls):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Resolves to ``(result, entry, url)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._resolve, 'resolve_async', locals(), lambda done: (url, search_urls, done))


async def live_create_async(url, content):
    """Creates a live layer at ``url`` (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``(result, object_id, sequence)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._live_create, 'live_create_async', locals(), lambda done: (url, content, done))


async def live_update_async(url, object_id, content):
    """Sends an update of a live layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``(result, object_id, sequence)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._live_update, 'live_update_async', locals(), lambda done: (url, object_id, content, done))


async def live_create_session_async(base_layer_url, session_name=''):
    """Starts a live session of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``(result, session_url)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._live_create_session, 'live_create_session_async', locals(), lambda done: (base_layer_url, session_name, done))


async def live_list_sessions_async(base_layer_url):
    """Lists the live sessions of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``(result, sessions)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._live_list_sessions, 'live_list_sessions_async', locals(), lambda done: (base_layer_url, done))


async def send_message_async(join_request_id, content):
    """Sends ``content`` to a joined channel (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._send_message, 'send_message_async', locals(), lambda done: (join_request_id, content, done))


async def live_send_message_async(join_request_id, content):
    """Sends ``content`` to a live session (not in this build: answers ERROR_NOT_SUPPORTED).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._send_message, 'live_send_message_async', locals(), lambda done: (join_request_id, content, done))


async def get_hub_version_async():
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Resolves to ``(result, version)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_hub_version, 'get_hub_version_async', locals(), lambda done: (done))


async def get_hub_http_uri_async():
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Resolves to ``(result, uri)``; cancelling the awaiting task stops the request.
    """
    return await _call_async(_native._get_hub_http_uri, 'get_hub_http_uri_async', locals(), lambda done: (done))


# They belong to omni.client, whose names they are.
for _op in (
    stat_async, list_async, read_file_async, write_file_async, write_file_ex_async,
    create_folder_async, delete_async, delete_single_async, copy_async, copy_file_async,
    copy_folder_async, move_async, move_file_async, move_folder_async, create_checkpoint_async,
    list_checkpoints_async, get_acls_async, set_acls_async, lock_async, unlock_async,
    undelete_async, obliterate_async, get_local_file_async, open_cached_file_async,
    create_with_hash_async, get_server_info_async, get_users_async, get_groups_async,
    get_group_users_async, get_user_groups_async, create_group_async, rename_group_async,
    remove_group_async, add_user_to_group_async, remove_user_from_group_async,
    get_metadata_async, refresh_auth_token_async, resolve_async, live_create_async,
    live_update_async, live_create_session_async, live_list_sessions_async, send_message_async,
    live_send_message_async, get_hub_version_async, get_hub_http_uri_async,
):
    _op.__module__ = 'omni.client'
