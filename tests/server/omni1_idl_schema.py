"""Field lists of the IDL types our server answers with, kept by hand from the
public IDLs (omni1.idl.ts, OmniAuth.idl.ts, Discovery.idl.ts) and independent of
the server's own models.  ``check`` fails on an unknown field, a missing
required field, or a nested value of the wrong type.

Notation: ``name`` required, ``name?`` optional; ``:Type`` / ``:Type[]`` names a
nested type (or a map of it, ``:{Type}``).
"""

_SPEC = {
    # omni1.idl.ts
    "Response": "status ts backoff_time_ms?",
    "PingResponse": "status ts? auth? username? token? connection_id? max_chunk_size? version? backoff_time_ms?",
    "Auth": "status server_capabilities? ts? version? username token connection_id "
            "connection_id_signature? max_chunk_size lft_address? lft_threshold? super_user? "
            "multipart_chunk_size? max_in_flight_requests? backoff_time_ms?",
    "UploadResult": "status ts? uri? etag? type? transaction_id? hash_type? hash_value? hash_bsize? backoff_time_ms?",
    "CreateAssetResult": "status ts? etag? transaction_id? hash_type? hash_value? hash_bsize? backoff_time_ms?",
    "Path": "status ts? type? uri? destination? acl? created? created_date_seconds? created_by? "
            "modified? modified_date_seconds? modified_by? size? etag? event? empty? mounted? "
            "transaction_id? hash_type? hash_value? hash_bsize? locked_by? lock_time? lock_owner? "
            "lock_duration? lock_etag? backoff_time_ms?",
    "List2ResponsePathEntry": "path? branch? etag? acl? created_timestamp? modified_timestamp? "
            "path_type? size? empty? mounted? created_by? modified_by? hash_type? hash_value? "
            "hash_bsize? checkpointed? destination? transaction_id? locked_by? lock_time? "
            "lock_owner? lock_duration? lock_etag? checkpoint_count?",
    "List2Response": "status ts? entries?:List2ResponsePathEntry[] backoff_time_ms?",
    "SubscribeListResponse": "status ts? event? entry?:List2ResponsePathEntry backoff_time_ms?",
    "Stat2Result": "status ts? type? uri? acl? created? created_date_seconds? created_by? modified? "
            "modified_date_seconds? modified_by? mounted? empty? size? etag? transaction_id? "
            "hash_type? hash_value? hash_bsize? checkpointed? locked_by? lock_time? lock_owner? "
            "lock_duration? lock_etag? backoff_time_ms?",
    "DeletedPath": "status ts? uri? acl? type? transaction_id? backoff_time_ms?",
    "Delete2Response": "status ts? responses backoff_time_ms?",
    "Copy2Response": "status ts responses backoff_time_ms?",
    "MoveResponse": "status ts responses backoff_time_ms?",
    "ReadResult": "status ts? etag? delta? content? uri_redirection? hash_value? hash_type? "
            "hash_bsize? size? transaction_id? uri? backoff_time_ms?",
    "ReadAssetVersionResult": "status ts? etag? delta? content? uri_redirection? hash_value? "
            "hash_type? hash_bsize? size? transaction_id? backoff_time_ms?",
    "CreateDirectoryResult": "status ts backoff_time_ms?",
    "ACLResult": "status ts acl? backoff_time_ms?",
    "ResponseWithUri": "status ts uri? backoff_time_ms?",
    "GetACLResponse": "status acl? backoff_time_ms?",
    "GetACLResponses": "ts status responses:GetACLResponse[] backoff_time_ms?",
    "ACLAtLevelValue": "acl path group?",
    "GetACLResolvedResponse": "status acl?:{ACLAtLevelValue} backoff_time_ms?",
    "GetACLResolvedResponses": "ts status responses:GetACLResolvedResponse[] backoff_time_ms?",
    "SetACLResponse": "ts status pathStatuses backoff_time_ms?",
    "CopyResult": "status ts uri? transaction_id? num_copied? backoff_time_ms?",
    "GroupList": "status ts groups? backoff_time_ms?",
    "UserList": "status ts users? backoff_time_ms?",
    "GetGroupUsersResponse": "status ts group? users backoff_time_ms?",
    "GetUserGroupsResponse": "status ts username? groups backoff_time_ms?",
    "RenameGroupResponse": "status ts group? new_group? backoff_time_ms?",
    "CreateGroupResponse": "status ts group? backoff_time_ms?",
    "RemoveGroupResponse": "status ts group? change_count? backoff_time_ms?",
    "AddUserToGroupResponse": "status ts username? group? backoff_time_ms?",
    "RemoveUserFromGroupResponse": "status ts username? group? backoff_time_ms?",
    "OmniObjects2Response": "status ext_value_min_size? backoff_time_ms?",
    "VersioningResponse": "status enabled? backoff_time_ms?",
    "LockResult": "status ts? etag? uri? backoff_time_ms?",
    "UnlockResult": "status ts etag? uri? backoff_time_ms?",
    "CheckpointVersionResponse": "status ts path branch checkpoint backoff_time_ms?",
    "GetCheckpointsResponse": "status checkpoints:Checkpoint[] backoff_time_ms?",
    "Checkpoint": "status checkpoint_id? message? backoff_time_ms?",
    "MountsInfo": "status ts? mounts:MountInfo[] backoff_time_ms?",
    "MountInfo": "uri redirect_url? resolver? options?",
    "ServerNotificationResponse": "status ts level? notification? backoff_time_ms?",
    "UndeleteResponse": "status ts? responses? transaction_ids? backoff_time_ms?",
    "ObliterateResponse": "status ts? responses? backoff_time_ms?",
    "GetBranchesResponse": "status branches backoff_time_ms?",
    "CreateObjectResult": "status sequence? object_id? ts? transaction_id? backoff_time_ms?",
    "UpdateObjectResult": "status sequence? ts? transaction_id? backoff_time_ms?",
    "ReadObjectVersionResult": "status sequence? ts? content? size? uri_redirection? backoff_time_ms?",
    "SubscribeReadObjectResult": "status ts? sequence? content? uri_redirection? size? object_id? backoff_time_ms?",
    "SubscribeReadAssetResult": "status ts? etag? delta? content? uri_redirection? hash_value? "
            "hash_type? hash_bsize? size? transaction_id? backoff_time_ms?",
    # our extension list_deleted (not in the IDL): a list2 entry plus two fields
    "DeletedPathEntry": "path? branch? etag? acl? created_timestamp? modified_timestamp? "
            "path_type? size? empty? mounted? created_by? modified_by? hash_type? hash_value? "
            "hash_bsize? checkpointed? destination? transaction_id? locked_by? lock_time? "
            "lock_owner? lock_duration? lock_etag? checkpoint_count? deleted_by deleted_timestamp",
    "ListDeletedResponse": "status ts? entries?:DeletedPathEntry[] backoff_time_ms?",
    # OmniAuth.idl.ts
    "OmniAuth": "status version access_token? refresh_token? username? profile?:Profile nonce?",
    "Profile": "first_name? last_name? email? admin? provider? readonly? nucleus_ro? enabled? activated?",
    "DeviceAuthorize": "version user_code verification_uri verification_uri_complete prompt_url "
            "device_code interval expires_in",
    # Discovery.idl.ts
    "SearchResult": "found version? service_interface?:ServiceInterface transport?:TransportSettings meta?",
    "ServiceInterface": "origin name capabilities?",
    "TransportSettings": "name params meta",
}

# method -> answer type (Connection methods, from the IDL signatures)
ANSWER = {
    "authorize_token": "Auth", "auth": "Auth", "ping": "PingResponse", "set_user_agent": "Response",
    "stat2": "Stat2Result", "list": "Path", "list2": "List2Response",
    "subscribe_list": "SubscribeListResponse", "create": "UploadResult", "update": "UploadResult",
    "create_asset": "CreateAssetResult", "update_asset": "CreateAssetResult",
    "create_asset_with_hash": "CreateAssetResult", "read": "ReadResult",
    "update_asset_with_hash": "CreateAssetResult",
    "read_asset_version": "ReadAssetVersionResult", "delete": "DeletedPath",
    "delete2": "Delete2Response", "copy2": "Copy2Response", "copy": "CopyResult",
    "rename2": "MoveResponse", "rename": "MoveResponse", "create_directory": "CreateDirectoryResult",
    "get_acl": "ACLResult", "change_acl": "ResponseWithUri", "get_acl_v2": "GetACLResponses",
    "get_acl_resolved": "GetACLResolvedResponses", "set_acl_v2": "SetACLResponse",
    "get_groups": "GroupList", "get_users": "UserList", "get_group_users": "GetGroupUsersResponse",
    "get_user_groups": "GetUserGroupsResponse", "create_group": "CreateGroupResponse",
    "rename_group": "RenameGroupResponse", "remove_group": "RemoveGroupResponse",
    "add_user_to_group": "AddUserToGroupResponse",
    "remove_user_from_group": "RemoveUserFromGroupResponse",
    "omni_objects2": "OmniObjects2Response", "versioning": "VersioningResponse",
    "lock": "LockResult", "unlock": "UnlockResult", "checkpoint_version": "CheckpointVersionResponse",
    "get_checkpoints": "GetCheckpointsResponse", "get_branches": "GetBranchesResponse",
    "replace_version": "Response", "create_object": "CreateObjectResult",
    "undelete": "UndeleteResponse", "obliterate": "ObliterateResponse",
    "list_deleted": "ListDeletedResponse",
    "update_object": "UpdateObjectResult", "read_object_version": "ReadObjectVersionResult",
    "subscribe_read_object": "SubscribeReadObjectResult",
    "subscribe_read_asset": "SubscribeReadAssetResult",
    "get_mount_info": "MountsInfo",
    "set_path_options": "Response", "set_path_options2": "Response",
    "subscribe_server_notifications": "ServerNotificationResponse",
}

STATUSES = set(
    "OK DONE IDLE DENIED LATEST INVALID_COMMAND INVALID_URI UNAUTHENTICATED CONTENT_LENGTH_MISMATCH "
    "ALREADY_EXISTS NOT_IMPLEMENTED RESOURCE_BUSY NOT_ASSET INTERNAL_ERROR INVALID_VERSION "
    "INVALID_ETAG INVALID_TRANSACTION_ID ACCESS_LOST CONNECTION_LOST UNKNOWN_STATUS TIMEOUT "
    "OPERATION_FAILED BUFFER_TOO_SMALL CONTENT_BUFFER_OVERFLOW INVALID_PARAMETERS NOT_INITIALIZED "
    "ALREADY_AUTHENTICATED INVALID_CONTENT_ID USER_NOT_FOUND GROUP_NOT_FOUND GROUP_ALREADY_EXISTS "
    "USER_NOT_IN_GROUP USER_ALREADY_IN_GROUP MOUNT_EXISTS_UNDER_PATH TOKEN_EXPIRED NOT_EXIST "
    "FOLDER_NOT_EMPTY NOT_OBJECT PARTIALLY_COMPLETED QUOTA_REACHED SLOW_DOWN".split())
AUTH_STATUSES = set(
    "OK NOT_FOUND EXISTS DISABLED DENIED EXPIRED READONLY USERNAME_REQUIRED NOT_SUPPORTED "
    "CONNECTION_ERROR INTERNAL_ERROR INVALID_USERNAME UNKNOWN_ERROR INVALID_TOKEN SUBSCRIBED "
    "INVALID_REQUEST PENDING".split())


def _parse(spec):
    fields = {}
    for word in spec.split():
        nested = None
        if ":" in word:
            word, nested = word.split(":")
        optional = word.endswith("?")
        fields[word.rstrip("?")] = (optional, nested)
    return fields


TYPES = {name: _parse(spec) for name, spec in _SPEC.items()}


def check(type_name, value, where=""):
    """Raise AssertionError unless ``value`` has exactly the fields of ``type_name``."""
    where = where or type_name
    fields = TYPES[type_name]
    assert isinstance(value, dict), f"{where}: not an object"
    unknown = set(value) - set(fields)
    assert not unknown, f"{where}: fields not in the IDL type {type_name}: {sorted(unknown)}"
    missing = {k for k, (optional, _) in fields.items() if not optional} - set(value)
    assert not missing, f"{where}: required fields missing from {type_name}: {sorted(missing)}"
    for key, (_, nested) in fields.items():
        if nested is None or key not in value:
            continue
        if nested.endswith("[]"):
            assert isinstance(value[key], list), f"{where}.{key}: not a list"
            for i, item in enumerate(value[key]):
                check(nested[:-2], item, f"{where}.{key}[{i}]")
        elif nested.startswith("{"):
            assert isinstance(value[key], dict), f"{where}.{key}: not a map"
            for k, item in value[key].items():
                check(nested[1:-1], item, f"{where}.{key}.{k}")
        else:
            check(nested, value[key], f"{where}.{key}")
    if "status" in value and type_name in ("OmniAuth",):
        assert value["status"] in AUTH_STATUSES, f"{where}: status {value['status']!r} not in the IDL"
    elif "status" in value and type_name not in ("SearchResult",):
        assert value["status"] in STATUSES, f"{where}: status {value['status']!r} not in the IDL"


# enum PathEvent
PATH_EVENTS = set("full create delete delta change_acl set_path_options lock unlock rename copy "
                  "replace_version checkpoints_changed".split())


def check_connlib(method, answer):
    """Check a ConnLib answer (``id``/``fin`` are ConnLib's own and always allowed)."""
    body = {k: v for k, v in answer.items() if k not in ("id", "fin")}
    check(ANSWER[method], body, method)
    if "event" in body:
        assert body["event"] in PATH_EVENTS, f"{method}: event {body['event']!r} not in the IDL"
