"""omni.client operations, callback form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import REQUIRED, _explain_type_error


def stat_with_callback(url, callback, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Returns a Request at once; ``callback(result, entry)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._stat(url, include_deleted_option, callback)
    except TypeError:
        _explain_type_error('stat_with_callback', locals())
        raise


def list_with_callback(url, callback, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._list(url, include_deleted_option, callback)
    except TypeError:
        _explain_type_error('list_with_callback', locals())
        raise


def read_file_with_callback(url, callback):
    """Reads the whole content of the file at ``url``.

    Returns a Request at once; ``callback(result, version, content)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._read_file(url, callback)
    except TypeError:
        _explain_type_error('read_file_with_callback', locals())
        raise


def write_file_with_callback(url, content, callback, message=None):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._write_file(url, content, message, callback)
    except TypeError:
        _explain_type_error('write_file_with_callback', locals())
        raise


def write_file_ex_with_callback(url, content, callback, message=None, skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Returns a Request at once; ``callback(result, info)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._write_file_ex(url, content, message, skip_checkpoint, callback)
    except TypeError:
        _explain_type_error('write_file_ex_with_callback', locals())
        raise


def create_folder_with_callback(url, callback):
    """Makes the folder ``url`` (its parent must exist).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._create_folder(url, callback)
    except TypeError:
        _explain_type_error('create_folder_with_callback', locals())
        raise


def delete_with_callback(url, callback):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._delete(url, callback)
    except TypeError:
        _explain_type_error('delete_with_callback', locals())
        raise


def delete_single_with_callback(url, callback):
    """Deletes the file or the empty folder at ``url``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._delete_single(url, callback)
    except TypeError:
        _explain_type_error('delete_single_with_callback', locals())
        raise


def copy_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._copy(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('copy_with_callback', locals())
        raise


def copy_file_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._copy_file(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('copy_file_with_callback', locals())
        raise


def copy_folder_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._copy_folder(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('copy_folder_with_callback', locals())
        raise


def move_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('move_with_callback', locals())
        raise


def move_file_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move_file(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('move_file_with_callback', locals())
        raise


def move_folder_with_callback(src_url, dst_url, callback, behavior=CopyBehavior.ERROR_IF_EXISTS, message=None):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Returns a Request at once; ``callback(result, copied)`` runs on the library's
    callback thread when it is done.
    ``copied``: True when the move was done as a copy then a delete.
    """
    try:
        return _native._move_folder(src_url, dst_url, behavior, message, callback)
    except TypeError:
        _explain_type_error('move_folder_with_callback', locals())
        raise


def create_checkpoint_with_callback(url, comment, force=False, callback=REQUIRED):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Returns a Request at once; ``callback(result, query)`` runs on the library's
    callback thread when it is done.
    ``query``: the checkpoint's URL query.
    """
    if callback is REQUIRED:
        raise TypeError('create_checkpoint_with_callback() missing required argument: callback')
    try:
        return _native._create_checkpoint(url, comment, force, callback)
    except TypeError:
        _explain_type_error('create_checkpoint_with_callback', locals())
        raise


def list_checkpoints_with_callback(url, callback):
    """Lists the checkpoints of the file at ``url``.

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._list_checkpoints(url, callback)
    except TypeError:
        _explain_type_error('list_checkpoints_with_callback', locals())
        raise


def get_acls_with_callback(url, callback):
    """Tells who may read, write and administer ``url``.

    Returns a Request at once; ``callback(result, acls)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_acls(url, callback)
    except TypeError:
        _explain_type_error('get_acls_with_callback', locals())
        raise


def set_acls_with_callback(url, acls, callback):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._set_acls(url, acls, callback)
    except TypeError:
        _explain_type_error('set_acls_with_callback', locals())
        raise


def lock_with_callback(url, callback):
    """Locks the file at ``url`` so that only this user may change it.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._lock(url, callback)
    except TypeError:
        _explain_type_error('lock_with_callback', locals())
        raise


def unlock_with_callback(url, callback):
    """Releases a lock on the file at ``url``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._unlock(url, callback)
    except TypeError:
        _explain_type_error('unlock_with_callback', locals())
        raise


def undelete_with_callback(url, callback):
    """Brings a deleted file or folder back from the trash.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._undelete(url, callback)
    except TypeError:
        _explain_type_error('undelete_with_callback', locals())
        raise


def obliterate_with_callback(url, obliterate_checkpoints, callback):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._obliterate(url, obliterate_checkpoints, callback)
    except TypeError:
        _explain_type_error('obliterate_with_callback', locals())
        raise


def get_local_file_with_callback(url, download=True, callback=REQUIRED):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Returns a Request at once; ``callback(result, local_path)`` runs on the library's
    callback thread when it is done.
    """
    if callback is REQUIRED:
        raise TypeError('get_local_file_with_callback() missing required argument: callback')
    try:
        return _native._get_local_file(url, download, callback)
    except TypeError:
        _explain_type_error('get_local_file_with_callback', locals())
        raise


def open_cached_file_with_callback(url, download=True, callback=REQUIRED):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Returns a Request at once; ``callback(result, handle, local_path)`` runs on the library's
    callback thread when it is done.
    """
    if callback is REQUIRED:
        raise TypeError('open_cached_file_with_callback() missing required argument: callback')
    try:
        return _native._open_cached_file(url, download, callback)
    except TypeError:
        _explain_type_error('open_cached_file_with_callback', locals())
        raise


def create_with_hash_with_callback(url, hash, overwrite, callback, message=None):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Returns a Request at once; ``callback(result, version, hash)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._create_with_hash(url, hash, overwrite, message, callback)
    except TypeError:
        _explain_type_error('create_with_hash_with_callback', locals())
        raise


def get_server_info_with_callback(url, callback):
    """Describes the server serving ``url`` (version, user, features).

    Returns a Request at once; ``callback(result, info)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_server_info(url, callback)
    except TypeError:
        _explain_type_error('get_server_info_with_callback', locals())
        raise


def get_users_with_callback(url, callback):
    """Names the users of the server serving ``url``.

    Returns a Request at once; ``callback(result, users)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_users(url, callback)
    except TypeError:
        _explain_type_error('get_users_with_callback', locals())
        raise


def get_groups_with_callback(url, callback):
    """Names the groups of the server serving ``url``.

    Returns a Request at once; ``callback(result, groups)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_groups(url, callback)
    except TypeError:
        _explain_type_error('get_groups_with_callback', locals())
        raise


def get_group_users_with_callback(url, group, callback):
    """Names the users in ``group``.

    Returns a Request at once; ``callback(result, users)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_group_users(url, group, callback)
    except TypeError:
        _explain_type_error('get_group_users_with_callback', locals())
        raise


def get_user_groups_with_callback(url, user, callback):
    """Names the groups ``user`` is in.

    Returns a Request at once; ``callback(result, groups)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_user_groups(url, user, callback)
    except TypeError:
        _explain_type_error('get_user_groups_with_callback', locals())
        raise


def create_group_with_callback(url, group, callback):
    """Makes the group ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._create_group(url, group, callback)
    except TypeError:
        _explain_type_error('create_group_with_callback', locals())
        raise


def rename_group_with_callback(url, group, new_group, callback):
    """Renames the group ``group`` to ``new_group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._rename_group(url, group, new_group, callback)
    except TypeError:
        _explain_type_error('rename_group_with_callback', locals())
        raise


def remove_group_with_callback(url, group, callback):
    """Removes the group ``group``.

    Returns a Request at once; ``callback(result, count)`` runs on the library's
    callback thread when it is done.
    ``count``: of users who were in it.
    """
    try:
        return _native._remove_group(url, group, callback)
    except TypeError:
        _explain_type_error('remove_group_with_callback', locals())
        raise


def add_user_to_group_with_callback(url, user, group, callback):
    """Puts ``user`` in ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._add_user_to_group(url, user, group, callback)
    except TypeError:
        _explain_type_error('add_user_to_group_with_callback', locals())
        raise


def remove_user_from_group_with_callback(url, user, group, callback):
    """Takes ``user`` out of ``group``.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._remove_user_from_group(url, user, group, callback)
    except TypeError:
        _explain_type_error('remove_user_from_group_with_callback', locals())
        raise


def get_metadata_with_callback(url, callback):
    """Reads the metadata stored with ``url``.

    Returns a Request at once; ``callback(result, entries)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_metadata(url, callback)
    except TypeError:
        _explain_type_error('get_metadata_with_callback', locals())
        raise


def refresh_auth_token_with_callback(url, callback):
    """Gets a fresh access token for the server serving ``url``.

    Returns a Request at once; ``callback(result, token)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._refresh_auth_token(url, callback)
    except TypeError:
        _explain_type_error('refresh_auth_token_with_callback', locals())
        raise


def resolve_with_callback(url, search_urls, callback):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Returns a Request at once; ``callback(result, entry, url)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._resolve(url, search_urls, callback)
    except TypeError:
        _explain_type_error('resolve_with_callback', locals())
        raise


def live_create_with_callback(url, content, callback):
    """Creates (or replaces) the live object at ``url`` with ``content``: (result, object_id,
    sequence 1).

    Returns a Request at once; ``callback(result, object_id, sequence)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._live_create(url, content, callback)
    except TypeError:
        _explain_type_error('live_create_with_callback', locals())
        raise


def live_update_with_callback(url, object_id, content, callback):
    """Sends ``content`` as the next version of the live object ``object_id`` at ``url``: (result,
    sequence, 0).

    Returns a Request at once; ``callback(result, sequence, request_id)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._live_update(url, object_id, content, callback)
    except TypeError:
        _explain_type_error('live_update_with_callback', locals())
        raise


def live_create_session_with_callback(base_layer_url, session_name, callback):
    """Creates the live session ``session_name`` of the layer ``base_layer_url``: its folder under
    ``.live/`` and its ``__session__.toml``.

    Returns a Request at once; ``callback(result, session_url)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._live_create_session(base_layer_url, session_name, callback)
    except TypeError:
        _explain_type_error('live_create_session_with_callback', locals())
        raise


def live_list_sessions_with_callback(base_layer_url, callback):
    """Lists the live sessions of a layer (LiveSessionInfo: name, owner, URL, modified time in ns).

    Returns a Request at once; ``callback(result, sessions)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._live_list_sessions(base_layer_url, callback)
    except TypeError:
        _explain_type_error('live_list_sessions_with_callback', locals())
        raise


def send_message_with_callback(join_request_id, content, callback):
    """Sends ``content`` to the channel that the join ``join_request_id`` joined.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._send_message(join_request_id, content, callback)
    except TypeError:
        _explain_type_error('send_message_with_callback', locals())
        raise


def live_send_message_with_callback(join_request_id, content, callback):
    """Sends ``content`` (UTF-8 text) to the live session that the join ``join_request_id`` joined.

    Returns a Request at once; ``callback(result)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._live_send_message(join_request_id, content, callback)
    except TypeError:
        _explain_type_error('live_send_message_with_callback', locals())
        raise


def get_hub_version_with_callback(callback):
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Returns a Request at once; ``callback(result, version)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_hub_version(callback)
    except TypeError:
        _explain_type_error('get_hub_version_with_callback', locals())
        raise


def get_hub_http_uri_with_callback(callback):
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Returns a Request at once; ``callback(result, uri)`` runs on the library's
    callback thread when it is done.
    """
    try:
        return _native._get_hub_http_uri(callback)
    except TypeError:
        _explain_type_error('get_hub_http_uri_with_callback', locals())
        raise


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
