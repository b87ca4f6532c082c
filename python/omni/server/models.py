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

from typing import Any, Dict, List, TypedDict, Union

from .checking import BadParams, ModelError, error_answer, keys_of, make, parse  # noqa: F401 (the models' API)

Timestamps = Dict[str, int]
ACL = Dict[str, List[str]]


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
#
# Every omni1 answer has ``status`` and may carry ``backoff_time_ms``; most have ``ts``,
# required or optional.  The bases below hold those, each type adds its own fields.


class _StatusReq(TypedDict):
    status: str


class _StatusTsReq(TypedDict):
    status: str
    ts: Timestamps


class _Backoff(TypedDict, total=False):
    backoff_time_ms: int


class _Bare(_StatusReq, _Backoff, total=False):
    """``status`` only (no ``ts`` in the IDL type)."""


class _Answer(_StatusReq, _Backoff, total=False):
    """``status`` and an optional ``ts``."""
    ts: Timestamps


class _TsAnswer(_StatusTsReq, _Backoff, total=False):
    """``status`` and a required ``ts``."""


class Response(_TsAnswer, total=False):
    pass


class PingResponse(_Answer, total=False):
    auth: str
    username: str
    token: str
    connection_id: str
    max_chunk_size: int
    version: str


class _AuthReq(TypedDict):
    status: str
    username: str
    token: str
    connection_id: str
    max_chunk_size: int


class Auth(_AuthReq, _Backoff, total=False):
    server_capabilities: Dict[str, int]
    ts: Timestamps
    version: str
    connection_id_signature: str
    lft_address: str
    lft_threshold: int
    super_user: bool
    multipart_chunk_size: int
    max_in_flight_requests: int


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


class UploadResult(_Answer, _HashFields, total=False):
    uri: str
    etag: str
    type: str
    transaction_id: str


class CreateAssetResult(_Answer, _HashFields, total=False):
    etag: str
    transaction_id: int


UpdateAssetResult = CreateAssetResult
CreateAssetWithHashResult = CreateAssetResult
UpdateAssetWithHashResult = CreateAssetResult


class _ItemFields(_Answer, _HashFields, _LockFields, total=False):
    """What ``Path`` (legacy list) and ``Stat2Result`` say of an item."""
    type: str
    uri: str
    acl: List[str]
    created: str
    created_date_seconds: int
    created_by: str
    modified: str
    modified_date_seconds: int
    modified_by: str
    size: int
    etag: str
    empty: bool
    mounted: bool
    transaction_id: str


class Path(_ItemFields, total=False):
    destination: str
    event: str


class Stat2Result(_ItemFields, total=False):
    checkpointed: bool


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


class List2Response(_Answer, total=False):
    entries: List[List2ResponsePathEntry]


class DeletedPathEntry(List2ResponsePathEntry, total=False):
    """Our extension ``list_deleted``: a list2 entry plus when and by whom it was deleted."""
    deleted_by: str
    deleted_timestamp: int  # seconds, like created_timestamp


class ListDeletedResponse(_Answer, total=False):
    entries: List[DeletedPathEntry]


class SubscribeListResponse(_Answer, total=False):
    event: str
    entry: List2ResponsePathEntry


class DeletedPath(_Answer, total=False):
    uri: str
    acl: List[str]
    type: str
    transaction_id: str


class _ResponsesReq(TypedDict):
    responses: List[str]


class Delete2Response(_Answer, _ResponsesReq, total=False):
    pass


class Copy2Response(_TsAnswer, _ResponsesReq, total=False):
    pass


MoveResponse = Copy2Response


class _ReadFields(_Answer, _HashFields, total=False):
    etag: str
    delta: str
    uri_redirection: str
    size: int


class ReadResult(_ReadFields, total=False):
    transaction_id: str
    uri: str


class ReadAssetVersionResult(_ReadFields, total=False):
    transaction_id: int


CreateDirectoryResult = Response
SetPathOptionsResult = Response


class ACLResult(_TsAnswer, total=False):
    acl: ACL


class ResponseWithUri(_TsAnswer, total=False):
    uri: str


class GetACLResponse(_Bare, total=False):
    acl: ACL


class _ACLAtLevelValueReq(TypedDict):
    acl: List[str]
    path: str


class ACLAtLevelValue(_ACLAtLevelValueReq, total=False):
    group: str


class GetACLResolvedResponse(_Bare, total=False):
    acl: Dict[str, ACLAtLevelValue]


class _GetACLResponsesReq(TypedDict):
    responses: List[GetACLResponse]


class GetACLResponses(_TsAnswer, _GetACLResponsesReq, total=False):
    pass


class _GetACLResolvedResponsesReq(TypedDict):
    responses: List[GetACLResolvedResponse]


class GetACLResolvedResponses(_TsAnswer, _GetACLResolvedResponsesReq, total=False):
    pass


class _SetACLResponseReq(TypedDict):
    pathStatuses: List[str]


class SetACLResponse(_TsAnswer, _SetACLResponseReq, total=False):
    pass


class CopyResult(_TsAnswer, total=False):
    uri: str
    transaction_id: str
    num_copied: str


class GroupList(_TsAnswer, total=False):
    groups: List[str]


class UserList(_TsAnswer, total=False):
    users: List[str]


class _UsersReq(TypedDict):
    users: List[str]


class GetGroupUsersResponse(_TsAnswer, _UsersReq, total=False):
    group: str


class _GroupsReq(TypedDict):
    groups: List[str]


class GetUserGroupsResponse(_TsAnswer, _GroupsReq, total=False):
    username: str


class CreateGroupResponse(_TsAnswer, total=False):
    group: str


class RenameGroupResponse(CreateGroupResponse, total=False):
    new_group: str


class RemoveGroupResponse(CreateGroupResponse, total=False):
    change_count: int


class AddUserToGroupResponse(CreateGroupResponse, total=False):
    username: str


RemoveUserFromGroupResponse = AddUserToGroupResponse


class OmniObjects2Response(_Bare, total=False):
    ext_value_min_size: int


class VersioningResponse(_Bare, total=False):
    enabled: bool


class LockResult(_Answer, total=False):
    etag: str
    uri: str


class UnlockResult(_TsAnswer, total=False):
    etag: str
    uri: str


class _CheckpointVersionReq(TypedDict):
    path: str
    branch: str
    checkpoint: int


class CheckpointVersionResponse(_TsAnswer, _CheckpointVersionReq, total=False):
    pass


class ObliterateResponse(_Answer, total=False):
    responses: List[str]


class UndeleteResponse(ObliterateResponse, total=False):
    transaction_ids: List[int]


class Checkpoint(_Bare, total=False):
    checkpoint_id: int
    message: str


class _GetCheckpointsReq(TypedDict):
    checkpoints: List[Checkpoint]


class GetCheckpointsResponse(_Bare, _GetCheckpointsReq, total=False):
    pass


class _GetBranchesReq(TypedDict):
    branches: List[str]


class GetBranchesResponse(_Bare, _GetBranchesReq, total=False):
    pass


class UpdateObjectResult(_Answer, total=False):
    sequence: int
    transaction_id: int


class CreateObjectResult(UpdateObjectResult, total=False):
    object_id: int


class ReadObjectVersionResult(_Answer, total=False):
    sequence: int
    size: int
    uri_redirection: str


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
    mounts: List[MountInfo]


class MountsInfo(_Answer, _MountsInfoReq, total=False):
    pass


class ServerNotificationResponse(_TsAnswer, total=False):
    level: str  # INFO | WARNING | CRITICAL
    notification: str


# ---------------------------------------------------------------------------


class DeviceAuthorizeParams(TypedDict, total=False):
    """What every auth service request may carry."""
    version: int
    client_id: str


class CredentialsAuthParams(DeviceAuthorizeParams, total=False):
    username: str
    password: str
    nonce: str


class RefreshParams(DeviceAuthorizeParams, total=False):
    refresh_token: str


class ApiTokenAuthParams(DeviceAuthorizeParams, total=False):
    api_token: str


class InvalidateParams(DeviceAuthorizeParams, total=False):
    """``Tokens.invalidate``: any token of the sign-in to end."""
    refresh_token: str
    access_token: str
    api_token: str


class DeleteApiTokenParams(DeviceAuthorizeParams, total=False):
    access_token: str
    name: str


class DeviceTokenParams(DeviceAuthorizeParams, total=False):
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
