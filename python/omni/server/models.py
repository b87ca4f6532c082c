"""Typed models of the omni1 requests and answers we speak.

Each answer type mirrors one type of the public IDLs (``omni1.idl.ts``,
``OmniAuth.idl.ts``, ``Discovery.idl.ts``) field for field: required IDL fields
are required keys, ``?`` fields are optional keys.  The original client rejects
answers with unknown fields, so every answer the server sends is built through
:func:`make`, which refuses keys outside the type and missing required keys.

Request parameter types list what we read from a request; :func:`parse` checks
the JSON types of those keys (unknown request keys are ignored, as the client
adds bookkeeping such as ``id`` and ``command``).

The classes use the two-level TypedDict pattern (required base, ``total=False``
subclass) so that they work on every Python this project supports.
"""

import typing
from typing import Any, Dict, List, TypedDict, Union

Timestamps = Dict[str, int]
ACL = Dict[str, List[str]]


class BadParams(ValueError):
    """A request whose parameters do not have the declared JSON types."""


class ModelError(AssertionError):
    """The server tried to send an answer that does not fit its IDL type (a bug)."""


# ---------------------------------------------------------------------------
# Shared request types


class _PathAtBranchReq(TypedDict):
    path: str


class PathAtBranch(_PathAtBranchReq, total=False):
    branch: str


class PathAtVersion(PathAtBranch, total=False):
    checkpoint: int


class _PathsToCopyReq(TypedDict):
    src: PathAtVersion
    dst: PathAtBranch


class PathsToCopy(_PathsToCopyReq, total=False):
    message: str


class _PathsToRenameReq(TypedDict):
    src: PathAtBranch
    dst: PathAtBranch


class PathsToRename(_PathsToRenameReq, total=False):
    message: str


class StringPair(TypedDict):
    key: str
    value: str


class PathAtVersionACLPair(TypedDict):
    path_at_version: PathAtVersion
    acl: ACL


# ---------------------------------------------------------------------------
# Connection requests


class _AuthorizeTokenReq(TypedDict):
    token: str


class AuthorizeTokenParams(_AuthorizeTokenReq, total=False):
    version: str
    client_capabilities: Dict[str, int]
    userAgent: str
    slowDown: bool


class PingParams(TypedDict, total=False):
    ts: Dict[str, Union[int, float]]


class SetUserAgentParams(TypedDict):
    userAgent: str


class PathParams(TypedDict):
    path: PathAtVersion


class BranchPathParams(TypedDict):
    path: PathAtBranch


class _List2Req(TypedDict):
    path: str


class List2Params(_List2Req, total=False):
    branches: List[str]
    path_types: List[str]
    show_hidden: bool


class _ListReq(TypedDict):
    uri: str


class ListParams(_ListReq, total=False):
    recursive: bool
    show_hidden: bool
    type: str


class UriParams(TypedDict):
    uri: str


class _CreateReq(TypedDict):
    uri: str


class CreateParams(_CreateReq, total=False):
    type: int
    content_id: Union[str, int]
    overwrite: bool


class _CreateAssetReq(TypedDict):
    path: PathAtBranch


class CreateAssetParams(_CreateAssetReq, total=False):
    content_id: Union[int, str]
    overwrite: bool
    message: str


class UpdateAssetParams(_CreateAssetReq, total=False):
    etag: str
    delta: str
    content_id: Union[int, str]
    ts: Dict[str, Union[int, float]]
    message: str


class _CreateWithHashReq(TypedDict):
    path: PathAtBranch
    hash_value: str
    hash_type: str
    hash_bsize: int


class CreateAssetWithHashParams(_CreateWithHashReq, total=False):
    overwrite: bool
    message: str


class UpdateAssetWithHashParams(_CreateWithHashReq, total=False):
    etag: str
    delta: str
    ts: Timestamps
    message: str


class _ReadAssetVersionReq(TypedDict):
    path: PathAtVersion


class ReadAssetVersionParams(_ReadAssetVersionReq, total=False):
    etag: str


class _CheckpointVersionParamsReq(TypedDict):
    path: PathAtBranch


class CheckpointVersionParams(_CheckpointVersionParamsReq, total=False):
    message: str
    force: bool


class GetBranchesParams(TypedDict):
    path: str


class _ReplaceVersionReq(TypedDict):
    src_path: PathAtVersion
    dst_path: PathAtBranch


class ReplaceVersionParams(_ReplaceVersionReq, total=False):
    message: str


class _LockReq(TypedDict):
    uri: str


class LockParams(_LockReq, total=False):
    etag: str
    duration: Union[int, float]
    branch: str


class UnlockParams(_LockReq, total=False):
    force: bool
    branch: str


class _SubscribeReadAssetReq(TypedDict):
    path: PathAtBranch


class SubscribeReadAssetParams(_SubscribeReadAssetReq, total=False):
    etag: str


class _SetPathOptionsReq(TypedDict):
    uri: str


class SetPathOptionsParams(_SetPathOptionsReq, total=False):
    created_by: str
    modified_by: str
    created: str  # a date (ISO 8601)
    modified: str
    branch: str
    checkpoint: int


class _SetPathOptions2Req(TypedDict):
    path: str


class SetPathOptions2Params(_SetPathOptions2Req, total=False):
    created_by: str
    modified_by: str
    created: int  # seconds since the epoch
    modified: int
    branch: str
    checkpoint: int


class _ListDeletedReq(TypedDict):
    path: str


class ListDeletedParams(_ListDeletedReq, total=False):
    path_types: List[str]


class UndeleteParams(TypedDict):
    path: PathAtBranch


class ObliterateParams(TypedDict):
    paths: List[PathAtBranch]


class _ReadReq(TypedDict):
    uri: str


class ReadParams(_ReadReq, total=False):
    etag: str


class Delete2Params(TypedDict):
    paths_to_delete: List[PathAtVersion]


class Copy2Params(TypedDict):
    paths_to_copy: List[PathsToCopy]


class _CopyReq(TypedDict):
    uri: str
    to: str


class CopyParams(_CopyReq, total=False):
    transaction_id: str


class Rename2Params(TypedDict):
    paths_to_rename: List[PathsToRename]


class _RenameReq(TypedDict):
    source_and_destination: List[StringPair]


class RenameParams(_RenameReq, total=False):
    branch: str


class ChangeAclParams(TypedDict):
    uri: str
    acl: ACL


class PathsParams(TypedDict):
    paths: List[PathAtVersion]


class SetAclV2Params(TypedDict):
    path_and_acls: List[PathAtVersionACLPair]


class NoParams(TypedDict):
    pass


class GroupParams(TypedDict):
    group_name: str


class UserParams(TypedDict):
    username: str


class RenameGroupParams(TypedDict):
    group_name: str
    new_group_name: str


class UserGroupParams(TypedDict):
    username: str
    group_name: str


# ---------------------------------------------------------------------------
# Connection answers (omni1.idl.ts)


class _StatusReq(TypedDict):
    status: str


class _StatusTsReq(TypedDict):
    status: str
    ts: Timestamps


class Response(_StatusTsReq, total=False):
    backoff_time_ms: int


class PingResponse(_StatusReq, total=False):
    ts: Dict[str, int]
    auth: str
    username: str
    token: str
    connection_id: str
    max_chunk_size: int
    version: str
    backoff_time_ms: int


class _AuthReq(TypedDict):
    status: str
    username: str
    token: str
    connection_id: str
    max_chunk_size: int


class Auth(_AuthReq, total=False):
    server_capabilities: Dict[str, int]
    ts: Timestamps
    version: str
    connection_id_signature: str
    lft_address: str
    lft_threshold: int
    super_user: bool
    multipart_chunk_size: int
    max_in_flight_requests: int
    backoff_time_ms: int


class _HashFields(TypedDict, total=False):
    hash_type: str
    hash_value: str
    hash_bsize: int


class _LockFields(TypedDict, total=False):
    locked_by: str
    lock_time: int
    lock_owner: str
    lock_duration: float
    lock_etag: str


class UploadResult(_StatusReq, _HashFields, total=False):
    ts: Timestamps
    uri: str
    etag: str
    type: str
    transaction_id: str
    backoff_time_ms: int


class CreateAssetResult(_StatusReq, _HashFields, total=False):
    ts: Timestamps
    etag: str
    transaction_id: int
    backoff_time_ms: int


UpdateAssetResult = CreateAssetResult
CreateAssetWithHashResult = CreateAssetResult
UpdateAssetWithHashResult = CreateAssetResult


class Path(_StatusReq, _HashFields, _LockFields, total=False):
    ts: Timestamps
    type: str
    uri: str
    destination: str
    acl: List[str]
    created: str
    created_date_seconds: int
    created_by: str
    modified: str
    modified_date_seconds: int
    modified_by: str
    size: int
    etag: str
    event: str
    empty: bool
    mounted: bool
    transaction_id: str
    backoff_time_ms: int


class List2ResponsePathEntry(_HashFields, _LockFields, total=False):
    path: str
    branch: str
    etag: str
    acl: List[str]
    created_timestamp: int
    modified_timestamp: int
    path_type: str
    size: int
    empty: bool
    mounted: bool
    created_by: str
    modified_by: str
    checkpointed: bool
    destination: str
    transaction_id: int
    checkpoint_count: int


class List2Response(_StatusReq, total=False):
    ts: Timestamps
    entries: List[List2ResponsePathEntry]
    backoff_time_ms: int


class DeletedPathEntry(List2ResponsePathEntry, total=False):
    """Our extension ``list_deleted``: a list2 entry plus when and by whom it was deleted."""
    deleted_by: str
    deleted_timestamp: int  # seconds, like created_timestamp


class ListDeletedResponse(_StatusReq, total=False):
    ts: Timestamps
    entries: List[DeletedPathEntry]
    backoff_time_ms: int


class SubscribeListResponse(_StatusReq, total=False):
    ts: Timestamps
    event: str
    entry: List2ResponsePathEntry
    backoff_time_ms: int


class Stat2Result(_StatusReq, _HashFields, _LockFields, total=False):
    ts: Timestamps
    type: str
    uri: str
    acl: List[str]
    created: str
    created_date_seconds: int
    created_by: str
    modified: str
    modified_date_seconds: int
    modified_by: str
    mounted: bool
    empty: bool
    size: int
    etag: str
    transaction_id: str
    checkpointed: bool
    backoff_time_ms: int


class DeletedPath(_StatusReq, total=False):
    ts: Timestamps
    uri: str
    acl: List[str]
    type: str
    transaction_id: str
    backoff_time_ms: int


class _ResponsesReq(TypedDict):
    status: str
    responses: List[str]


class Delete2Response(_ResponsesReq, total=False):
    ts: Timestamps
    backoff_time_ms: int


class _ResponsesTsReq(TypedDict):
    status: str
    ts: Timestamps
    responses: List[str]


class Copy2Response(_ResponsesTsReq, total=False):
    backoff_time_ms: int


MoveResponse = Copy2Response


class ReadResult(_StatusReq, _HashFields, total=False):
    ts: Timestamps
    etag: str
    delta: str
    uri_redirection: str
    size: int
    transaction_id: str
    uri: str
    backoff_time_ms: int


class ReadAssetVersionResult(_StatusReq, _HashFields, total=False):
    ts: Timestamps
    etag: str
    delta: str
    uri_redirection: str
    size: int
    transaction_id: int
    backoff_time_ms: int


CreateDirectoryResult = Response
SetPathOptionsResult = Response


class ACLResult(_StatusTsReq, total=False):
    acl: ACL
    backoff_time_ms: int


class ResponseWithUri(_StatusTsReq, total=False):
    uri: str
    backoff_time_ms: int


class GetACLResponse(_StatusReq, total=False):
    acl: ACL
    backoff_time_ms: int


class _ACLAtLevelValueReq(TypedDict):
    acl: List[str]
    path: str


class ACLAtLevelValue(_ACLAtLevelValueReq, total=False):
    group: str


class GetACLResolvedResponse(_StatusReq, total=False):
    acl: Dict[str, ACLAtLevelValue]
    backoff_time_ms: int


class _GetACLResponsesReq(TypedDict):
    ts: Timestamps
    status: str
    responses: List[GetACLResponse]


class GetACLResponses(_GetACLResponsesReq, total=False):
    backoff_time_ms: int


class _GetACLResolvedResponsesReq(TypedDict):
    ts: Timestamps
    status: str
    responses: List[GetACLResolvedResponse]


class GetACLResolvedResponses(_GetACLResolvedResponsesReq, total=False):
    backoff_time_ms: int


class _SetACLResponseReq(TypedDict):
    ts: Timestamps
    status: str
    pathStatuses: List[str]


class SetACLResponse(_SetACLResponseReq, total=False):
    backoff_time_ms: int


class CopyResult(_StatusTsReq, total=False):
    uri: str
    transaction_id: str
    num_copied: str
    backoff_time_ms: int


class GroupList(_StatusTsReq, total=False):
    groups: List[str]
    backoff_time_ms: int


class UserList(_StatusTsReq, total=False):
    users: List[str]
    backoff_time_ms: int


class _GroupUsersReq(TypedDict):
    status: str
    ts: Timestamps
    users: List[str]


class GetGroupUsersResponse(_GroupUsersReq, total=False):
    group: str
    backoff_time_ms: int


class _UserGroupsReq(TypedDict):
    status: str
    ts: Timestamps
    groups: List[str]


class GetUserGroupsResponse(_UserGroupsReq, total=False):
    username: str
    backoff_time_ms: int


class RenameGroupResponse(_StatusTsReq, total=False):
    group: str
    new_group: str
    backoff_time_ms: int


class CreateGroupResponse(_StatusTsReq, total=False):
    group: str
    backoff_time_ms: int


class RemoveGroupResponse(_StatusTsReq, total=False):
    group: str
    change_count: int
    backoff_time_ms: int


class AddUserToGroupResponse(_StatusTsReq, total=False):
    username: str
    group: str
    backoff_time_ms: int


RemoveUserFromGroupResponse = AddUserToGroupResponse


class OmniObjects2Response(_StatusReq, total=False):
    ext_value_min_size: int
    backoff_time_ms: int


class VersioningResponse(_StatusReq, total=False):
    enabled: bool
    backoff_time_ms: int


class LockResult(_StatusReq, total=False):
    ts: Timestamps
    etag: str
    uri: str
    backoff_time_ms: int


class UnlockResult(_StatusTsReq, total=False):
    etag: str
    uri: str
    backoff_time_ms: int


class _CheckpointVersionReq(TypedDict):
    status: str
    ts: Timestamps
    path: str
    branch: str
    checkpoint: int


class CheckpointVersionResponse(_CheckpointVersionReq, total=False):
    backoff_time_ms: int


class UndeleteResponse(_StatusReq, total=False):
    ts: Timestamps
    responses: List[str]
    transaction_ids: List[int]
    backoff_time_ms: int


class ObliterateResponse(_StatusReq, total=False):
    ts: Timestamps
    responses: List[str]
    backoff_time_ms: int


class _CheckpointReq(TypedDict):
    status: str


class Checkpoint(_CheckpointReq, total=False):
    checkpoint_id: int
    message: str
    backoff_time_ms: int


class _GetCheckpointsReq(TypedDict):
    status: str
    checkpoints: List[Checkpoint]


class GetCheckpointsResponse(_GetCheckpointsReq, total=False):
    backoff_time_ms: int


class _GetBranchesReq(TypedDict):
    status: str
    branches: List[str]


class GetBranchesResponse(_GetBranchesReq, total=False):
    backoff_time_ms: int


class CreateObjectResult(_StatusReq, total=False):
    sequence: int
    object_id: int
    ts: Timestamps
    transaction_id: int
    backoff_time_ms: int


class UpdateObjectResult(_StatusReq, total=False):
    sequence: int
    ts: Timestamps
    transaction_id: int
    backoff_time_ms: int


class ReadObjectVersionResult(_StatusReq, total=False):
    sequence: int
    ts: Timestamps
    size: int
    uri_redirection: str
    backoff_time_ms: int


class SubscribeReadObjectResult(ReadObjectVersionResult, total=False):
    object_id: int


SubscribeReadAssetResult = ReadAssetVersionResult


class _MountInfoReq(TypedDict):
    uri: str


class MountInfo(_MountInfoReq, total=False):
    redirect_url: str
    resolver: str
    options: str


class _MountsInfoReq(TypedDict):
    status: str
    mounts: List[MountInfo]


class MountsInfo(_MountsInfoReq, total=False):
    ts: Timestamps
    backoff_time_ms: int


class ServerNotificationResponse(_StatusTsReq, total=False):
    level: str  # INFO | WARNING | CRITICAL
    notification: str
    backoff_time_ms: int


# ---------------------------------------------------------------------------
# Auth services (OmniAuth.idl.ts)


class CredentialsAuthParams(TypedDict, total=False):
    version: int
    username: str
    password: str
    nonce: str
    client_id: str


class RefreshParams(TypedDict, total=False):
    version: int
    refresh_token: str
    client_id: str


class ApiTokenAuthParams(TypedDict, total=False):
    version: int
    api_token: str
    client_id: str


class DeviceAuthorizeParams(TypedDict, total=False):
    version: int
    client_id: str


class DeviceTokenParams(TypedDict, total=False):
    version: int
    client_id: str
    device_code: str


class Profile(TypedDict, total=False):
    first_name: str
    last_name: str
    email: str
    admin: bool
    provider: str
    readonly: bool
    nucleus_ro: bool
    enabled: bool
    activated: bool


class _OmniAuthReq(TypedDict):
    status: str
    version: int


class OmniAuth(_OmniAuthReq, total=False):
    access_token: str
    refresh_token: str
    username: str
    profile: Profile
    nonce: str


class DeviceAuthorize(TypedDict):
    version: int
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    prompt_url: str
    device_code: str
    interval: int
    expires_in: int


# ---------------------------------------------------------------------------
# Discovery (Discovery.idl.ts)


class _ServiceInterfaceReq(TypedDict):
    origin: str
    name: str


class ServiceInterface(_ServiceInterfaceReq, total=False):
    capabilities: Dict[str, int]


class _DiscoverQueryReq(TypedDict):
    service_interface: ServiceInterface


class DiscoverInterfaceQuery(_DiscoverQueryReq, total=False):
    supported_transport: List[Dict[str, Any]]
    meta: Dict[str, str]


class _FindReq(TypedDict):
    query: DiscoverInterfaceQuery


class FindParams(_FindReq, total=False):
    version: int


class TransportSettings(TypedDict):
    name: str
    params: str
    meta: Dict[str, str]


class _SearchResultReq(TypedDict):
    found: bool


class SearchResult(_SearchResultReq, total=False):
    version: int
    service_interface: ServiceInterface
    transport: TransportSettings
    meta: Dict[str, str]


# ---------------------------------------------------------------------------
# Building answers and checking requests


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


_KEYS: Dict[type, tuple] = {}


def keys_of(model: type) -> tuple:
    """``(required, allowed)`` key sets of a TypedDict model."""
    found = _KEYS.get(model)
    if found is None:
        required = frozenset(model.__required_keys__)
        found = (required, required | frozenset(model.__optional_keys__))
        _KEYS[model] = found
    return found


def make(model: type, **fields: Any) -> dict:
    """Build an answer of IDL type ``model``; ``None`` values are left out."""
    answer = {k: v for k, v in fields.items() if v is not None}
    required, allowed = keys_of(model)
    unknown = answer.keys() - allowed
    missing = required - answer.keys()
    if unknown or missing:
        raise ModelError(f"{model.__name__}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    return answer


def _empty_value(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if tp is str:
        return ""
    if tp in (int, float):
        return 0
    if tp is bool:
        return False
    if origin in (list, List):
        return []
    return {}


def error_answer(model: type, status: str, ts: Timestamps) -> dict:
    """An answer of type ``model`` carrying an error ``status`` and empty required fields."""
    required, allowed = keys_of(model)
    hints = typing.get_type_hints(model)
    answer = {name: _empty_value(hints[name]) for name in required}
    answer["status"] = status
    if "ts" in allowed:
        answer["ts"] = ts
    return answer


def _check(tp: Any, value: Any, where: str) -> Any:
    if tp is Any:
        return value
    if tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif tp is str:
        if isinstance(value, str):
            return value
    elif _is_typeddict(tp):
        if isinstance(value, dict):
            return parse(tp, value, where)
    else:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is Union:
            for option in args:
                try:
                    return _check(option, value, where)
                except BadParams:
                    continue
        elif origin is list:
            if isinstance(value, list):
                return [_check(args[0], item, f"{where}[]") for item in value]
        elif origin is dict:
            if isinstance(value, dict):
                return {str(k): _check(args[1], v, f"{where}.{k}") for k, v in value.items()}
    raise BadParams(f"{where}: expected {getattr(tp, '__name__', tp)}")


_HINTS: Dict[type, Dict[str, Any]] = {}


def parse(model: type, params: Any, where: str = "params") -> dict:
    """Check ``params`` against request model ``model``; return only the known keys."""
    if not isinstance(params, dict):
        raise BadParams(f"{where}: expected an object")
    hints = _HINTS.get(model)
    if hints is None:
        hints = _HINTS[model] = typing.get_type_hints(model)
    required, _ = keys_of(model)
    out = {}
    for name, tp in hints.items():
        if name in params and params[name] is not None:
            out[name] = _check(tp, params[name], f"{where}.{name}")
        elif name in required:
            raise BadParams(f"{where}: missing {name}")
    return out
