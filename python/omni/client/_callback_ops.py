"""omni.client operations, callback form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import REQUIRED, _call


def stat_with_callback(url, callback, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Returns a Request at once; ``callback(result, entry)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._stat, 'stat_with_callback', locals(), url, include_deleted_option, callback)


def list_with_callback(url, callback, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._list, 'list_with_callback', locals(), url, include_deleted_option, callback)


def read_file_with_callback(url, callback):
    """Reads the whole content of the file at ``url``.

    Returns a Request at once; ``callback(result, version, content)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._read_file, 'read_file_with_callback', locals(), url, callback)


def write_file_with_callback(url, content, callback, message=None):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._write_file, 'write_file_with_callback', locals(), url, content, message, callback)


def write_file_ex_with_callback(url, content, callback, message=None, skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Returns a Request at once; ``callback(result, info)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._write_file_ex, 'write_file_ex_with_callback', locals(), url, content, message, skip_checkpoint, callback)


def create_folder_with_callback(url, callback):
    """Makes the folder ``url`` (its parent must exist).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._create_folder, 'create_folder_with_callback', locals(), url, callback)


def delete_with_callback(url, callback):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._delete, 'delete_with_callback', locals(), url, callback)


def delete_single_with_callback(url, callback):
    """Deletes the file or the empty folder at ``url``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._delete_single, 'delete_single_with_callback', locals(), url, callback)


def copy_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._copy, 'copy_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def copy_file_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._copy_file, 'copy_file_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def copy_folder_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._copy_folder, 'copy_folder_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def move_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move, 'move_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def move_file_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move_file, 'move_file_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def move_folder_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    return _call(_native._move_folder, 'move_folder_with_callback', locals(), src_url, dst_url, behavior, message, callback)


def create_checkpoint_with_callback(url, comment, force=False, callback=REQUIRED):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Returns a Request at once; ``callback(result, query)`` runs on the library's
    callback thread when it is done.
    ``query``: the checkpoint's URL query.
    """
    if callback is REQUIRED:
        raise TypeError('create_checkpoint_with_callback() missing required argument: callback')
    return _call(_native._create_checkpoint, 'create_checkpoint_with_callback', locals(), url, comment, force, callback)


def list_checkpoints_with_callback(url, callback):
    """Lists the checkpoints of the file at ``url``.

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._list_checkpoints, 'list_checkpoints_with_callback', locals(), url, callback)


def get_acls_with_callback(url, callback):
    """Tells who may read, write and administer ``url``.

    Returns a Request at once; ``callback(result, acls)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_acls, 'get_acls_with_callback', locals(), url, callback)


def set_acls_with_callback(url, acls, callback):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._set_acls, 'set_acls_with_callback', locals(), url, acls, callback)


def lock_with_callback(url, callback):
    """Locks the file at ``url`` so that only this user may change it.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._lock, 'lock_with_callback', locals(), url, callback)


def unlock_with_callback(url, callback):
    """Releases a lock on the file at ``url``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._unlock, 'unlock_with_callback', locals(), url, callback)


def undelete_with_callback(url, callback):
    """Brings a deleted file or folder back from the trash.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._undelete, 'undelete_with_callback', locals(), url, callback)


def obliterate_with_callback(url, obliterate_checkpoints, callback):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._obliterate, 'obliterate_with_callback', locals(), url, obliterate_checkpoints, callback)


def get_local_file_with_callback(url, download=True, callback=REQUIRED):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Returns a Request at once; ``callback(result, local_path)`` runs on the library's
    callback thread when it is done.
    """
    if callback is REQUIRED:
        raise TypeError('get_local_file_with_callback() missing required argument: callback')
    return _call(_native._get_local_file, 'get_local_file_with_callback', locals(), url, download, callback)


def open_cached_file_with_callback(url, download=True, callback=REQUIRED):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Returns a Request at once; ``callback(result, handle, local_path)`` runs on the library's
    callback thread when it is done.
    """
    if callback is REQUIRED:
        raise TypeError('open_cached_file_with_callback() missing required argument: callback')
    return _call(_native._open_cached_file, 'open_cached_file_with_callback', locals(), url, download, callback)


def create_with_hash_with_callback(url, hash, overwrite, callback, message=None):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Returns a Request at once; ``callback(result, version, hash)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._create_with_hash, 'create_with_hash_with_callback', locals(), url, hash, overwrite, message, callback)


def get_server_info_with_callback(url, callback):
    """Describes the server serving ``url`` (version, user, features).

    Returns a Request at once; ``callback(result, info)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_server_info, 'get_server_info_with_callback', locals(), url, callback)


def get_users_with_callback(url, callback):
    """Names the users of the server serving ``url``.

    Returns a Request at once; ``callback(result, users)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_users, 'get_users_with_callback', locals(), url, callback)


def get_groups_with_callback(url, callback):
    """Names the groups of the server serving ``url``.

    Returns a Request at once; ``callback(result, groups)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_groups, 'get_groups_with_callback', locals(), url, callback)


def get_group_users_with_callback(url, group, callback):
    """Names the users in ``group``.

    Returns a Request at once; ``callback(result, users)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_group_users, 'get_group_users_with_callback', locals(), url, group, callback)


def get_user_groups_with_callback(url, user, callback):
    """Names the groups ``user`` is in.

    Returns a Request at once; ``callback(result, groups)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_user_groups, 'get_user_groups_with_callback', locals(), url, user, callback)


def create_group_with_callback(url, group, callback):
    """Makes the group ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._create_group, 'create_group_with_callback', locals(), url, group, callback)


def rename_group_with_callback(url, group, new_group, callback):
    """Renames the group ``group`` to ``new_group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._rename_group, 'rename_group_with_callback', locals(), url, group, new_group, callback)


def remove_group_with_callback(url, group, callback):
    """Removes the group ``group``.

    Returns a Request at once; ``callback(result, count)`` runs on the library's
    callback thread when it is done.
    ``count``: of users who were in it.
    """
    return _call(_native._remove_group, 'remove_group_with_callback', locals(), url, group, callback)


def add_user_to_group_with_callback(url, user, group, callback):
    """Puts ``user`` in ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._add_user_to_group, 'add_user_to_group_with_callback', locals(), url, user, group, callback)


def remove_user_from_group_with_callback(url, user, group, callback):
    """Takes ``user`` out of ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._remove_user_from_group, 'remove_user_from_group_with_callback', locals(), url, user, group, callback)


def get_metadata_with_callback(url, callback):
    """Reads the metadata stored with ``url``.

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_metadata, 'get_metadata_with_callback', locals(), url, callback)


def refresh_auth_token_with_callback(url, callback):
    """Gets a fresh access token for the server serving ``url``.

    Returns a Request at once; ``callback(result, token)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._refresh_auth_token, 'refresh_auth_token_with_callback', locals(), url, callback)


def resolve_with_callback(url, search_urls, callback):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Returns a Request at once; ``callback(result, entry, url)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._resolve, 'resolve_with_callback', locals(), url, search_urls, callback)


def live_create_with_callback(url, content, callback):
    """Creates a live layer at ``url`` (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result, object_id, sequence)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._live_create, 'live_create_with_callback', locals(), url, content, callback)


def live_update_with_callback(url, object_id, content, callback):
    """Sends an update of a live layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result, object_id, sequence)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._live_update, 'live_update_with_callback', locals(), url, object_id, content, callback)


def live_create_session_with_callback(base_layer_url, session_name, callback):
    """Starts a live session of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result, session_url)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._live_create_session, 'live_create_session_with_callback', locals(), base_layer_url, session_name, callback)


def live_list_sessions_with_callback(base_layer_url, callback):
    """Lists the live sessions of a layer (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result, sessions)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._live_list_sessions, 'live_list_sessions_with_callback', locals(), base_layer_url, callback)


def send_message_with_callback(join_request_id, content, callback):
    """Sends ``content`` to a joined channel (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._send_message, 'send_message_with_callback', locals(), join_request_id, content, callback)


def live_send_message_with_callback(join_request_id, content, callback):
    """Sends ``content`` to a live session (not in this build: answers ERROR_NOT_SUPPORTED).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._send_message, 'live_send_message_with_callback', locals(), join_request_id, content, callback)


def get_hub_version_with_callback(callback):
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Returns a Request at once; ``callback(result, version)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_hub_version, 'get_hub_version_with_callback', locals(), callback)


def get_hub_http_uri_with_callback(callback):
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Returns a Request at once; ``callback(result, uri)`` runs on the library's
    callback thread when it is done.
    """
    return _call(_native._get_hub_http_uri, 'get_hub_http_uri_with_callback', locals(), callback)


# They belong to omni.client, whose names they are.
for _op in (
    stat_with_callback, list_with_callback, read_file_with_callback, write_file_with_callback,
    write_file_ex_with_callback, create_folder_with_callback, delete_with_callback,
    delete_single_with_callback, copy_with_callback, copy_file_with_callback,
    copy_folder_with_callback, move_with_callback, move_file_with_callback,
    move_folder_with_callback, create_checkpoint_with_callback, list_checkpoints_with_callback,
    get_acls_with_callback, set_acls_with_callback, lock_with_callback, unlock_with_callback,
    undelete_with_callback, obliterate_with_callback, get_local_file_with_callback,
    open_cached_file_with_callback, create_with_hash_with_callback,
    get_server_info_with_callback, get_users_with_callback, get_groups_with_callback,
    get_group_users_with_callback, get_user_groups_with_callback, create_group_with_callback,
    rename_group_with_callback, remove_group_with_callback, add_user_to_group_with_callback,
    remove_user_from_group_with_callback, get_metadata_with_callback,
    refresh_auth_token_with_callback, resolve_with_callback, live_create_with_callback,
    live_update_with_callback, live_create_session_with_callback,
    live_list_sessions_with_callback, send_message_with_callback,
    live_send_message_with_callback, get_hub_version_with_callback,
    get_hub_http_uri_with_callback,
):
    _op.__module__ = 'omni.client'
