"""omni.client operations, async form.

Written from the table in _ops.py by scripts/gen_stubs.py: do not edit.
"""
from . import _omniclient as _native
from ._omniclient import CopyBehavior, ListIncludeOption  # defaults of the signatures
from ._ops import _bridge, _explain_type_error


async def stat_async(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Describes the file or folder at ``url`` (size, times, flags, version).

    Resolves to ``(result, entry)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._stat(url, include_deleted_option, done)
    except TypeError:
        _explain_type_error('stat_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def list_async(url, include_deleted_option=ListIncludeOption.NO_DELETED_FILES):
    """Lists what the folder at ``url`` holds (a file lists as itself).

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._list(url, include_deleted_option, done)
    except TypeError:
        _explain_type_error('list_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def read_file_async(url):
    """Reads the whole content of the file at ``url``.

    Resolves to ``(result, version, content)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._read_file(url, done)
    except TypeError:
        _explain_type_error('read_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def write_file_async(url, content, message=''):
    """Writes ``content`` (any bytes-like object) as the file at ``url``, replacing what was there;
    ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._write_file(url, content, message, done)
    except TypeError:
        _explain_type_error('write_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def write_file_ex_async(url, content, message='', skip_checkpoint=False):
    """Like write_file, also telling what was written; ``skip_checkpoint`` writes without making a
    checkpoint.

    Resolves to ``(result, info)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._write_file_ex(url, content, message, skip_checkpoint, done)
    except TypeError:
        _explain_type_error('write_file_ex_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def create_folder_async(url):
    """Makes the folder ``url`` (its parent must exist).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._create_folder(url, done)
    except TypeError:
        _explain_type_error('create_folder_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def delete_async(url):
    """Deletes the file or folder at ``url``, a folder with everything in it.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._delete(url, done)
    except TypeError:
        _explain_type_error('delete_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def delete_single_async(url):
    """Deletes the file or the empty folder at ``url``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._delete_single(url, done)
    except TypeError:
        _explain_type_error('delete_single_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def copy_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when
    ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._copy(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('copy_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def copy_file_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._copy_file(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('copy_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def copy_folder_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Copies the folder ``src_url`` and everything in it to ``dst_url``. ``behavior`` says what to
    do when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._copy_folder(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('copy_folder_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def move_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves (renames) the file or folder ``src_url`` to ``dst_url``. ``behavior`` says what to do
    when ``dst_url`` exists; ``message`` is the checkpoint comment on servers that keep
    versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    _future, done = _bridge()
    try:
        _request = _native._move(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('move_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def move_file_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the file ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    _future, done = _bridge()
    try:
        _request = _native._move_file(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('move_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def move_folder_async(src_url, dst_url, behavior=CopyBehavior.ERROR_IF_EXISTS, message=''):
    """Moves the folder ``src_url`` to ``dst_url``. ``behavior`` says what to do when ``dst_url``
    exists; ``message`` is the checkpoint comment on servers that keep versions.

    Resolves to ``(result, copied)``; cancelling the awaiting task stops the request.
    ``copied``: True when the move was done as a copy then a delete.
    """
    _future, done = _bridge()
    try:
        _request = _native._move_folder(src_url, dst_url, behavior, message, done)
    except TypeError:
        _explain_type_error('move_folder_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def create_checkpoint_async(url, comment, force=False):
    """Records the file's current content as a checkpoint with ``comment``; ``force`` makes one
    even when nothing changed since the last.

    Resolves to ``(result, query)``; cancelling the awaiting task stops the request.
    ``query``: the checkpoint's URL query.
    """
    _future, done = _bridge()
    try:
        _request = _native._create_checkpoint(url, comment, force, done)
    except TypeError:
        _explain_type_error('create_checkpoint_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def list_checkpoints_async(url):
    """Lists the checkpoints of the file at ``url``.

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._list_checkpoints(url, done)
    except TypeError:
        _explain_type_error('list_checkpoints_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_acls_async(url):
    """Tells who may read, write and administer ``url``.

    Resolves to ``(result, acls)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_acls(url, done)
    except TypeError:
        _explain_type_error('get_acls_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def set_acls_async(url, acls):
    """Sets who may read, write and administer ``url`` (a list of AclEntry).

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._set_acls(url, acls, done)
    except TypeError:
        _explain_type_error('set_acls_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def lock_async(url):
    """Locks the file at ``url`` so that only this user may change it.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._lock(url, done)
    except TypeError:
        _explain_type_error('lock_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def unlock_async(url):
    """Releases a lock on the file at ``url``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._unlock(url, done)
    except TypeError:
        _explain_type_error('unlock_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def undelete_async(url):
    """Brings a deleted file or folder back from the trash.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._undelete(url, done)
    except TypeError:
        _explain_type_error('undelete_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def obliterate_async(url, obliterate_checkpoints):
    """Removes ``url`` for good (from the trash too); ``obliterate_checkpoints`` removes its
    checkpoints as well.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._obliterate(url, obliterate_checkpoints, done)
    except TypeError:
        _explain_type_error('obliterate_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_local_file_async(url, download=True):
    """Gives a local path holding the file at ``url`` (downloaded into the cache unless
    ``download`` is False).

    Resolves to ``(result, local_path)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_local_file(url, download, done)
    except TypeError:
        _explain_type_error('get_local_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def open_cached_file_async(url, download=True):
    """Like get_local_file, keeping the local copy until close_cached_file(handle).

    Resolves to ``(result, handle, local_path)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._open_cached_file(url, download, done)
    except TypeError:
        _explain_type_error('open_cached_file_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def create_with_hash_async(url, hash, overwrite):
    """Makes the file ``url`` from content the server already holds under ``hash``.

    Resolves to ``(result, version, hash)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._create_with_hash(url, hash, overwrite, None, done)
    except TypeError:
        _explain_type_error('create_with_hash_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_server_info_async(url):
    """Describes the server serving ``url`` (version, user, features).

    Resolves to ``(result, info)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_server_info(url, done)
    except TypeError:
        _explain_type_error('get_server_info_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_users_async(url):
    """Names the users of the server serving ``url``.

    Resolves to ``(result, users)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_users(url, done)
    except TypeError:
        _explain_type_error('get_users_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_groups_async(url):
    """Names the groups of the server serving ``url``.

    Resolves to ``(result, groups)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_groups(url, done)
    except TypeError:
        _explain_type_error('get_groups_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_group_users_async(url, group):
    """Names the users in ``group``.

    Resolves to ``(result, users)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_group_users(url, group, done)
    except TypeError:
        _explain_type_error('get_group_users_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_user_groups_async(url, user):
    """Names the groups ``user`` is in.

    Resolves to ``(result, groups)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_user_groups(url, user, done)
    except TypeError:
        _explain_type_error('get_user_groups_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def create_group_async(url, group):
    """Makes the group ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._create_group(url, group, done)
    except TypeError:
        _explain_type_error('create_group_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def rename_group_async(url, group, new_group):
    """Renames the group ``group`` to ``new_group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._rename_group(url, group, new_group, done)
    except TypeError:
        _explain_type_error('rename_group_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def remove_group_async(url, group):
    """Removes the group ``group``.

    Resolves to ``(result, count)``; cancelling the awaiting task stops the request.
    ``count``: of users who were in it.
    """
    _future, done = _bridge()
    try:
        _request = _native._remove_group(url, group, done)
    except TypeError:
        _explain_type_error('remove_group_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def add_user_to_group_async(url, user, group):
    """Puts ``user`` in ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._add_user_to_group(url, user, group, done)
    except TypeError:
        _explain_type_error('add_user_to_group_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def remove_user_from_group_async(url, user, group):
    """Takes ``user`` out of ``group``.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._remove_user_from_group(url, user, group, done)
    except TypeError:
        _explain_type_error('remove_user_from_group_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_metadata_async(url):
    """Reads the metadata stored with ``url``.

    Resolves to ``(result, entries)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_metadata(url, done)
    except TypeError:
        _explain_type_error('get_metadata_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def refresh_auth_token_async(url):
    """Gets a fresh access token for the server serving ``url``.

    Resolves to ``(result, token)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._refresh_auth_token(url, done)
    except TypeError:
        _explain_type_error('refresh_auth_token_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def resolve_async(url, search_urls):
    """Finds ``url`` (a relative one in each of ``search_urls`` in turn) and describes what was
    found.

    Resolves to ``(result, entry, url)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._resolve(url, search_urls, done)
    except TypeError:
        _explain_type_error('resolve_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def live_create_async(url, content):
    """Creates (or replaces) the live object at ``url`` with ``content``: (result, object_id,
    sequence 1).

    Resolves to ``(result, object_id, sequence)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._live_create(url, content, done)
    except TypeError:
        _explain_type_error('live_create_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def live_update_async(url, object_id, content):
    """Sends ``content`` as the next version of the live object ``object_id`` at ``url``: (result,
    sequence, 0).

    Resolves to ``(result, sequence, request_id)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._live_update(url, object_id, content, done)
    except TypeError:
        _explain_type_error('live_update_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def live_create_session_async(base_layer_url, session_name=''):
    """Creates the live session ``session_name`` of the layer ``base_layer_url``: its folder under
    ``.live/`` and its ``__session__.toml``.

    Resolves to ``(result, session_url)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._live_create_session(base_layer_url, session_name, done)
    except TypeError:
        _explain_type_error('live_create_session_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def live_list_sessions_async(base_layer_url):
    """Lists the live sessions of a layer (LiveSessionInfo: name, owner, URL, modified time in ns).

    Resolves to ``(result, sessions)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._live_list_sessions(base_layer_url, done)
    except TypeError:
        _explain_type_error('live_list_sessions_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def send_message_async(join_request_id, content):
    """Sends ``content`` to the channel that the join ``join_request_id`` joined.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._send_message(join_request_id, content, done)
    except TypeError:
        _explain_type_error('send_message_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def live_send_message_async(join_request_id, content):
    """Sends ``content`` (UTF-8 text) to the live session that the join ``join_request_id`` joined.

    Resolves to ``result``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._live_send_message(join_request_id, content, done)
    except TypeError:
        _explain_type_error('live_send_message_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_hub_version_async():
    """Asks the local Hub cache service for its version (there is no Hub here: ERROR_CONNECTION).

    Resolves to ``(result, version)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_hub_version(done)
    except TypeError:
        _explain_type_error('get_hub_version_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


async def get_hub_http_uri_async():
    """Asks the local Hub cache service for its HTTP address (there is no Hub here:
    ERROR_CONNECTION).

    Resolves to ``(result, uri)``; cancelling the awaiting task stops the request.
    """
    _future, done = _bridge()
    try:
        _request = _native._get_hub_http_uri(done)
    except TypeError:
        _explain_type_error('get_hub_http_uri_async', locals())
        raise
    try:
        return await _future
    except BaseException:
        if _future.cancelled():  # the awaiting task was cancelled
            _request.stop()
        raise


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
