"""
omni.client native core
"""
from __future__ import annotations
import collections.abc
import datetime
import typing
import typing_extensions
class _pybind11_type(type):
    ...
class Result(metaclass=_pybind11_type):
    """
    Members:
    
      OK
    
      OK_LATEST
    
      OK_NOT_YET_FOUND
    
      ERROR
    
      ERROR_CONNECTION
    
      ERROR_NOT_SUPPORTED
    
      ERROR_ACCESS_DENIED
    
      ERROR_NOT_FOUND
    
      ERROR_BAD_VERSION
    
      ERROR_ALREADY_EXISTS
    
      ERROR_SOURCE_IS_DEST
    
      ERROR_ACCESS_LOST
    
      ERROR_LOCKED
    
      ERROR_BAD_REQUEST
    
      ERROR_FOLDER_NOT_EMPTY
    
      ERROR_WRONG_TYPE
    
      ERROR_UNSUPPORTED_VERSION
    """
    ERROR: typing.ClassVar[Result]
    ERROR_ACCESS_DENIED: typing.ClassVar[Result]
    ERROR_ACCESS_LOST: typing.ClassVar[Result]
    ERROR_ALREADY_EXISTS: typing.ClassVar[Result]
    ERROR_BAD_REQUEST: typing.ClassVar[Result]
    ERROR_BAD_VERSION: typing.ClassVar[Result]
    ERROR_CONNECTION: typing.ClassVar[Result]
    ERROR_FOLDER_NOT_EMPTY: typing.ClassVar[Result]
    ERROR_LOCKED: typing.ClassVar[Result]
    ERROR_NOT_FOUND: typing.ClassVar[Result]
    ERROR_NOT_SUPPORTED: typing.ClassVar[Result]
    ERROR_SOURCE_IS_DEST: typing.ClassVar[Result]
    ERROR_UNSUPPORTED_VERSION: typing.ClassVar[Result]
    ERROR_WRONG_TYPE: typing.ClassVar[Result]
    OK: typing.ClassVar[Result]
    OK_LATEST: typing.ClassVar[Result]
    OK_NOT_YET_FOUND: typing.ClassVar[Result]
    __members__: typing.ClassVar[dict[str, Result]]
    @typing.overload
    def __eq__(self, other: Result) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: Result) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class AccessFlags(metaclass=_pybind11_type):
    """
    Members:
    
      READ
    
      WRITE
    
      ADMIN
    """
    ADMIN: typing.ClassVar[AccessFlags]
    READ: typing.ClassVar[AccessFlags]
    WRITE: typing.ClassVar[AccessFlags]
    __members__: typing.ClassVar[dict[str, AccessFlags]]
    @typing.overload
    def __and__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __and__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __eq__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    @typing.overload
    def __ge__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __ge__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    @typing.overload
    def __gt__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __gt__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    def __invert__(self) -> typing.Any:
        ...
    @typing.overload
    def __le__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __le__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __lt__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __lt__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: AccessFlags) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    @typing.overload
    def __or__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __or__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __rand__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __rand__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @typing.overload
    def __ror__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __ror__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __rxor__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __rxor__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @typing.overload
    def __xor__(self, other: AccessFlags) -> int:
        ...
    @typing.overload
    def __xor__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ChannelEvent(metaclass=_pybind11_type):
    """
    Members:
    
      ERROR
    
      MESSAGE
    
      HELLO
    
      JOIN
    
      LEFT
    
      DELETED
    """
    DELETED: typing.ClassVar[ChannelEvent]
    ERROR: typing.ClassVar[ChannelEvent]
    HELLO: typing.ClassVar[ChannelEvent]
    JOIN: typing.ClassVar[ChannelEvent]
    LEFT: typing.ClassVar[ChannelEvent]
    MESSAGE: typing.ClassVar[ChannelEvent]
    __members__: typing.ClassVar[dict[str, ChannelEvent]]
    @typing.overload
    def __eq__(self, other: ChannelEvent) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: ChannelEvent) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ConnectionStatus(metaclass=_pybind11_type):
    """
    Members:
    
      CONNECTING
    
      CONNECTED
    
      CONNECT_ERROR
    
      DISCONNECTED
    
      SIGNED_OUT
    
      NO_USERNAME
    
      AUTH_ABORT
    
      AUTH_CANCELLED
    
      AUTH_ERROR
    
      AUTH_FAILED
    
      SERVER_INCOMPATIBLE
    
      INVALID_HOST
    """
    AUTH_ABORT: typing.ClassVar[ConnectionStatus]
    AUTH_CANCELLED: typing.ClassVar[ConnectionStatus]
    AUTH_ERROR: typing.ClassVar[ConnectionStatus]
    AUTH_FAILED: typing.ClassVar[ConnectionStatus]
    CONNECTED: typing.ClassVar[ConnectionStatus]
    CONNECTING: typing.ClassVar[ConnectionStatus]
    CONNECT_ERROR: typing.ClassVar[ConnectionStatus]
    DISCONNECTED: typing.ClassVar[ConnectionStatus]
    INVALID_HOST: typing.ClassVar[ConnectionStatus]
    NO_USERNAME: typing.ClassVar[ConnectionStatus]
    SERVER_INCOMPATIBLE: typing.ClassVar[ConnectionStatus]
    SIGNED_OUT: typing.ClassVar[ConnectionStatus]
    __members__: typing.ClassVar[dict[str, ConnectionStatus]]
    @typing.overload
    def __eq__(self, other: ConnectionStatus) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: ConnectionStatus) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class CopyBehavior(metaclass=_pybind11_type):
    """
    Members:
    
      ERROR_IF_EXISTS
    
      OVERWRITE
    """
    ERROR_IF_EXISTS: typing.ClassVar[CopyBehavior]
    OVERWRITE: typing.ClassVar[CopyBehavior]
    __members__: typing.ClassVar[dict[str, CopyBehavior]]
    @typing.overload
    def __eq__(self, other: CopyBehavior) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: CopyBehavior) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class FileStatus(metaclass=_pybind11_type):
    """
    Members:
    
      READING
    
      WRITING
    
      COPYING
    
      MOVING
    
      DELETING
    
      OBLITERATING
    
      SENDING_UPDATE
    
      RECEIVED_UPDATE
    
      LISTING
    
      STATING
    """
    COPYING: typing.ClassVar[FileStatus]
    DELETING: typing.ClassVar[FileStatus]
    LISTING: typing.ClassVar[FileStatus]
    MOVING: typing.ClassVar[FileStatus]
    OBLITERATING: typing.ClassVar[FileStatus]
    READING: typing.ClassVar[FileStatus]
    RECEIVED_UPDATE: typing.ClassVar[FileStatus]
    SENDING_UPDATE: typing.ClassVar[FileStatus]
    STATING: typing.ClassVar[FileStatus]
    WRITING: typing.ClassVar[FileStatus]
    __members__: typing.ClassVar[dict[str, FileStatus]]
    @typing.overload
    def __eq__(self, other: FileStatus) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: FileStatus) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ItemFlags(metaclass=_pybind11_type):
    """
    Members:
    
      READABLE_FILE
    
      WRITEABLE_FILE
    
      CAN_HAVE_CHILDREN
    
      DOES_NOT_HAVE_CHILDREN
    
      IS_MOUNT
    
      IS_INSIDE_MOUNT
    
      CAN_LIVE_UPDATE
    
      IS_OMNI_OBJECT
    
      IS_CHANNEL
    
      IS_CHECKPOINTED
    
      IS_DELETED
    """
    CAN_HAVE_CHILDREN: typing.ClassVar[ItemFlags]
    CAN_LIVE_UPDATE: typing.ClassVar[ItemFlags]
    DOES_NOT_HAVE_CHILDREN: typing.ClassVar[ItemFlags]
    IS_CHANNEL: typing.ClassVar[ItemFlags]
    IS_CHECKPOINTED: typing.ClassVar[ItemFlags]
    IS_DELETED: typing.ClassVar[ItemFlags]
    IS_INSIDE_MOUNT: typing.ClassVar[ItemFlags]
    IS_MOUNT: typing.ClassVar[ItemFlags]
    IS_OMNI_OBJECT: typing.ClassVar[ItemFlags]
    READABLE_FILE: typing.ClassVar[ItemFlags]
    WRITEABLE_FILE: typing.ClassVar[ItemFlags]
    __members__: typing.ClassVar[dict[str, ItemFlags]]
    @typing.overload
    def __and__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __and__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __eq__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    @typing.overload
    def __ge__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __ge__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    @typing.overload
    def __gt__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __gt__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    def __invert__(self) -> typing.Any:
        ...
    @typing.overload
    def __le__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __le__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __lt__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __lt__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: ItemFlags) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    @typing.overload
    def __or__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __or__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __rand__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __rand__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def __repr__(self) -> str:
        ...
    @typing.overload
    def __ror__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __ror__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @typing.overload
    def __rxor__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __rxor__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @typing.overload
    def __xor__(self, other: ItemFlags) -> int:
        ...
    @typing.overload
    def __xor__(self, other: typing.SupportsInt | typing.SupportsIndex) -> int:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ListEvent(metaclass=_pybind11_type):
    """
    Members:
    
      UNKNOWN
    
      CREATED
    
      UPDATED
    
      DELETED
    
      METADATA
    
      LOCKED
    
      UNLOCKED
    
      OBLITERATED
    """
    CREATED: typing.ClassVar[ListEvent]
    DELETED: typing.ClassVar[ListEvent]
    LOCKED: typing.ClassVar[ListEvent]
    METADATA: typing.ClassVar[ListEvent]
    OBLITERATED: typing.ClassVar[ListEvent]
    UNKNOWN: typing.ClassVar[ListEvent]
    UNLOCKED: typing.ClassVar[ListEvent]
    UPDATED: typing.ClassVar[ListEvent]
    __members__: typing.ClassVar[dict[str, ListEvent]]
    @typing.overload
    def __eq__(self, other: ListEvent) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: ListEvent) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ListIncludeOption(metaclass=_pybind11_type):
    """
    Members:
    
      NO_DELETED_FILES
    
      INCLUDE_DELETED_FILES
    
      ONLY_DELETED_FILES
    """
    INCLUDE_DELETED_FILES: typing.ClassVar[ListIncludeOption]
    NO_DELETED_FILES: typing.ClassVar[ListIncludeOption]
    ONLY_DELETED_FILES: typing.ClassVar[ListIncludeOption]
    __members__: typing.ClassVar[dict[str, ListIncludeOption]]
    @typing.overload
    def __eq__(self, other: ListIncludeOption) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: ListIncludeOption) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class LiveSessionEventType(metaclass=_pybind11_type):
    """
    Members:
    
      CONNECTION
    
      JOINED
    
      LEFT
    
      MESSAGE
    """
    CONNECTION: typing.ClassVar[LiveSessionEventType]
    JOINED: typing.ClassVar[LiveSessionEventType]
    LEFT: typing.ClassVar[LiveSessionEventType]
    MESSAGE: typing.ClassVar[LiveSessionEventType]
    __members__: typing.ClassVar[dict[str, LiveSessionEventType]]
    @typing.overload
    def __eq__(self, other: LiveSessionEventType) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: LiveSessionEventType) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class LiveUpdateType(metaclass=_pybind11_type):
    """
    Members:
    
      REMOTE
    
      LOCAL
    
      MORE
    """
    LOCAL: typing.ClassVar[LiveUpdateType]
    MORE: typing.ClassVar[LiveUpdateType]
    REMOTE: typing.ClassVar[LiveUpdateType]
    __members__: typing.ClassVar[dict[str, LiveUpdateType]]
    @typing.overload
    def __eq__(self, other: LiveUpdateType) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: LiveUpdateType) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class LogLevel(metaclass=_pybind11_type):
    """
    Members:
    
      DEBUG
    
      VERBOSE
    
      INFO
    
      WARNING
    
      ERROR
    """
    DEBUG: typing.ClassVar[LogLevel]
    ERROR: typing.ClassVar[LogLevel]
    INFO: typing.ClassVar[LogLevel]
    VERBOSE: typing.ClassVar[LogLevel]
    WARNING: typing.ClassVar[LogLevel]
    __members__: typing.ClassVar[dict[str, LogLevel]]
    @typing.overload
    def __eq__(self, other: LogLevel) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: LogLevel) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class MetadataValueKind(metaclass=_pybind11_type):
    """
    Members:
    
      NULL_VALUE
    
      STRING
    
      BOOL
    
      NUMBER
    
      JSON
    """
    BOOL: typing.ClassVar[MetadataValueKind]
    JSON: typing.ClassVar[MetadataValueKind]
    NULL_VALUE: typing.ClassVar[MetadataValueKind]
    NUMBER: typing.ClassVar[MetadataValueKind]
    STRING: typing.ClassVar[MetadataValueKind]
    __members__: typing.ClassVar[dict[str, MetadataValueKind]]
    @typing.overload
    def __eq__(self, other: MetadataValueKind) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: MetadataValueKind) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class MetricsEvent(metaclass=_pybind11_type):
    """
    Members:
    
      GRPC
    
      HTTP
    """
    GRPC: typing.ClassVar[MetricsEvent]
    HTTP: typing.ClassVar[MetricsEvent]
    __members__: typing.ClassVar[dict[str, MetricsEvent]]
    @typing.overload
    def __eq__(self, other: MetricsEvent) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __eq__(self, other: typing.Any) -> bool:
        ...
    def __getstate__(self) -> int:
        ...
    def __hash__(self) -> int:
        ...
    def __index__(self) -> int:
        ...
    def __init__(self, value: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __int__(self) -> int:
        ...
    @typing.overload
    def __ne__(self, other: MetricsEvent) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.SupportsInt | typing.SupportsIndex) -> bool:
        ...
    @typing.overload
    def __ne__(self, other: typing.Any) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __setstate__(self, state: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __str__(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def value(self) -> int:
        ...
class ListEntry(metaclass=_pybind11_type):
    comment: str
    created_by: str
    deleted_by: str
    hash: str
    locked_by: str
    modified_by: str
    relative_path: str
    version: str
    def __init__(self) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def access(self) -> int:
        ...
    @access.setter
    def access(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def created_time(self) -> typing.Any:
        ...
    @property
    def deleted_time(self) -> typing.Any:
        ...
    @property
    def flags(self) -> int:
        ...
    @flags.setter
    def flags(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    @property
    def modified_time(self) -> datetime.datetime:
        ...
    @property
    def size(self) -> int:
        ...
    @size.setter
    def size(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class AclEntry(metaclass=_pybind11_type):
    __hash__: typing.ClassVar[None]  # type: ignore[assignment]
    name: str
    def __eq__(self, other: object) -> bool:
        ...
    def __init__(self, name: str, access: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
    def __repr__(self) -> str:
        ...
    @property
    def access(self) -> int:
        ...
    @access.setter
    def access(self, arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
        ...
class ServerInfo(metaclass=_pybind11_type):
    @property
    def auth_token(self) -> str:
        ...
    @property
    def cache_enabled(self) -> bool:
        ...
    @property
    def checkpoints_enabled(self) -> bool:
        ...
    @property
    def connection_id(self) -> str:
        ...
    @property
    def omniojects_enabled(self) -> bool:
        ...
    @property
    def undelete_enabled(self) -> bool:
        ...
    @property
    def username(self) -> str:
        ...
    @property
    def version(self) -> str:
        ...
class WriteFileExInfo(metaclass=_pybind11_type):
    @property
    def hash(self) -> str:
        ...
    @property
    def version(self) -> str:
        ...
class MetadataEntry(metaclass=_pybind11_type):
    @property
    def etag(self) -> str:
        ...
    @property
    def key(self) -> str:
        ...
    @property
    def kind(self) -> MetadataValueKind:
        ...
    @property
    def value(self) -> str:
        ...
class ErrorInfo(metaclass=_pybind11_type):
    @property
    def grpc_error_code(self) -> int:
        ...
    @property
    def http_error_code(self) -> int:
        ...
    @property
    def message(self) -> str:
        ...
    @property
    def operation(self) -> str:
        ...
    @property
    def uri(self) -> str:
        ...
class AuthDeviceFlowParams(metaclass=_pybind11_type):
    @property
    def code(self) -> str:
        ...
    @property
    def expiration(self) -> int:
        ...
    @property
    def server(self) -> str:
        ...
    @property
    def url(self) -> str:
        ...
class Content(metaclass=_pybind11_type):
    def __buffer__(self, flags: int, /) -> memoryview:
        ...
    def __getitem__(self, index: typing.SupportsInt | typing.SupportsIndex) -> str:
        ...
    def __len__(self) -> int:
        ...
class Request(metaclass=_pybind11_type):
    def __enter__(self) -> typing.Any:
        ...
    def __exit__(self, *args) -> None:
        ...
    def __repr__(self) -> str:
        ...
    def is_finished(self) -> bool:
        ...
    def stop(self) -> None:
        ...
    def wait(self) -> None:
        ...
    @property
    def id(self) -> int:
        ...
class Registration(metaclass=_pybind11_type):
    def __enter__(self) -> typing.Any:
        ...
    def __exit__(self, *args) -> None:
        ...
    def unregister(self) -> None:
        ...
    @property
    def handle(self) -> int:
        ...
class _AsyncAnswer(metaclass=_pybind11_type):
    """
    Passed as the callback of a primitive: its answer resolves `future` through `bridge`.
    """
    def __init__(self, arg0: _LoopBridge, arg1: typing.Any) -> None:
        ...
    def __call__(self, *args) -> None:
        ...
class _LoopBridge(metaclass=_pybind11_type):
    """
    Resolves the futures of one event loop's _async calls: the loop watches fileno() and calls drain().
    """
    def __init__(self) -> None:
        ...
    def drain(self) -> None:
        ...
    def fileno(self) -> int:
        ...
class _S3Configuration(metaclass=_pybind11_type):
    access_key_id: str
    bucket: str
    canonical_host: str
    cloudfront_for_list: bool
    cloudfront_url: str
    region: str
    secret_access_key: str
    session_token: str
    url: str
    write_config: bool
    def __init__(self) -> None:
        ...
@typing.final
class Url:
    @property
    def scheme(self) -> str | None: ...
    @property
    def user(self) -> str | None: ...
    @property
    def host(self) -> str | None: ...
    @property
    def port(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def query(self) -> str | None: ...
    @property
    def fragment(self) -> str | None: ...
    @property
    def is_raw(self) -> bool: ...
def _add_user_to_group(arg0: str, arg1: str, arg2: str, arg3: typing.Any) -> typing.Any:
    ...
def _authentication_cancel(arg0: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def _bypass_list_cache(arg0: bool) -> None:
    ...
def _capabilities(arg0: str) -> set[str]:
    ...
def _clear_list_cache(arg0: str) -> bool:
    ...
def _copy(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _copy_file(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _copy_folder(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _create_checkpoint(arg0: str, arg1: str, arg2: bool, arg3: typing.Any) -> typing.Any:
    ...
def _create_folder(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _create_group(arg0: str, arg1: str, arg2: typing.Any) -> typing.Any:
    ...
def _create_with_hash(arg0: str, arg1: str, arg2: bool, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _delete(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _delete_single(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _get_acls(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _get_group_users(arg0: str, arg1: str, arg2: typing.Any) -> typing.Any:
    ...
def _get_groups(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _get_hub_http_uri(arg0: typing.Any) -> typing.Any:
    ...
def _get_hub_version(arg0: typing.Any) -> typing.Any:
    ...
def _get_local_file(arg0: str, arg1: bool, arg2: typing.Any) -> typing.Any:
    ...
def _get_metadata(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _get_server_info(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _get_user_groups(arg0: str, arg1: str, arg2: typing.Any) -> typing.Any:
    ...
def _get_users(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _join_channel(arg0: str, arg1: typing.Any) -> Request:
    ...
def _list(arg0: str, arg1: ListIncludeOption, arg2: typing.Any) -> typing.Any:
    ...
def _list_checkpoints(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _live_create(arg0: str, arg1: typing_extensions.Buffer, arg2: typing.Any) -> typing.Any:
    ...
def _live_create_session(arg0: str, arg1: str, arg2: typing.Any) -> typing.Any:
    ...
def _live_get_latest_server_time(arg0: str) -> int:
    ...
def _live_join_session(arg0: str, arg1: str, arg2: typing.Any) -> Request:
    ...
def _live_list_sessions(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _live_process() -> None:
    ...
def _live_process_up_to(arg0: str, arg1: typing.SupportsInt | typing.SupportsIndex) -> None:
    ...
def _live_read(arg0: str, arg1: typing.SupportsInt | typing.SupportsIndex, arg2: typing.SupportsInt | typing.SupportsIndex, arg3: typing.Any, arg4: bool) -> Request:
    ...
def _live_send_message(arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing_extensions.Buffer, arg2: typing.Any) -> typing.Any:
    ...
def _live_set_queued_callback(arg0: typing.Any) -> None:
    ...
def _live_update(arg0: str, arg1: typing.SupportsInt | typing.SupportsIndex, arg2: typing_extensions.Buffer, arg3: typing.Any) -> typing.Any:
    ...
def _live_wait_for_pending_updates() -> None:
    ...
def _lock(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _move(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _move_file(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _move_folder(arg0: str, arg1: str, arg2: CopyBehavior, arg3: str | None, arg4: typing.Any) -> typing.Any:
    ...
def _obliterate(arg0: str, arg1: bool, arg2: typing.Any) -> typing.Any:
    ...
def _open_cached_file(arg0: str, arg1: bool, arg2: typing.Any) -> typing.Any:
    ...
def _operations() -> dict[str, list[str]]:
    ...
def _read_file(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _read_file_bytes(arg0: str) -> tuple:
    ...
def _reconnect(arg0: str) -> None:
    ...
def _refresh_auth_token(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _register_storage(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _remove_group(arg0: str, arg1: str, arg2: typing.Any) -> typing.Any:
    ...
def _remove_user_from_group(arg0: str, arg1: str, arg2: str, arg3: typing.Any) -> typing.Any:
    ...
def _rename_group(arg0: str, arg1: str, arg2: str, arg3: typing.Any) -> typing.Any:
    ...
def _resolve(arg0: str, arg1: collections.abc.Sequence[str], arg2: typing.Any) -> typing.Any:
    ...
def _resolve_subscribe(arg0: str, arg1: collections.abc.Sequence[str], arg2: typing.Any, arg3: typing.Any) -> Request:
    ...
def _send_message(arg0: typing.SupportsInt | typing.SupportsIndex, arg1: typing_extensions.Buffer, arg2: typing.Any) -> typing.Any:
    ...
def _set_acls(arg0: str, arg1: collections.abc.Sequence[AclEntry], arg2: typing.Any) -> typing.Any:
    ...
def _set_azure_sas_token(arg0: str, arg1: str, arg2: str, arg3: bool) -> Result:
    ...
def _set_s3_configuration(arg0: _S3Configuration) -> Result:
    ...
def _sign_out(arg0: str) -> None:
    ...
def _stat(arg0: str, arg1: ListIncludeOption, arg2: typing.Any) -> typing.Any:
    ...
def _undelete(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _unimplemented(arg0: typing.Any, arg1: tuple) -> typing.Any:
    ...
def _unlock(arg0: str, arg1: typing.Any) -> typing.Any:
    ...
def _write_chrome_trace(path: str) -> str:
    ...
def _write_file(arg0: str, arg1: typing_extensions.Buffer, arg2: str | None, arg3: typing.Any) -> typing.Any:
    ...
def _write_file_ex(arg0: str, arg1: typing_extensions.Buffer, arg2: str | None, arg3: bool, arg4: typing.Any) -> typing.Any:
    ...
def add_bookmark(name: str, url: str) -> None:
    """
    Saves a bookmark ``name`` for ``url`` in the user's omniverse.toml, shared with other applications.
    """
def add_default_search_path(search_path: str) -> None:
    """
    Adds a folder that resolve() searches when given no search URLs.
    """
def break_url(url: str) -> Url:
    """
    Breaks a full URL or raw local path ("/...") into its parts.
    """
def break_url_reference(url: str) -> Url:
    """
    Breaks a URL reference (possibly relative) into its parts.
    """
def combine_urls(base_url: str, other_url: str) -> str:
    """
    Resolves other_url against base_url.
    """
def combine_with_base_url(other_url: str) -> str:
    """
    Combines other_url with the top of this thread's base URL stack (or the working directory).
    """
def get_base_url() -> str | None:
    """
    The base URL relative URLs in this thread are resolved against (None if there is none).
    """
def get_branch_and_checkpoint_from_query(query: str) -> tuple[str, int]:
    """
    The branch and checkpoint number a URL's query names.
    """
def get_default_search_paths() -> list[str]:
    """
    The folders resolve() searches when given no search URLs.
    """
def get_version() -> str:
    """
    The library's version, as text.
    """
def initialize(version: typing.SupportsInt | typing.SupportsIndex = 563272075968513) -> bool:
    """
    Starts the library (it also starts by itself on first use); True if ``version`` is one this library serves.
    """
def join(base_url: str, name: str) -> str:
    """
    The URL of the item ``name`` in the folder ``base_url``.
    """
def list_bookmarks_with_callback(callback: typing.Any) -> Request:
    """
    Calls ``callback(bookmarks)`` with a dict of name to URL now and after every change until stopped; returns a Request.
    """
def list_subscribe_with_callback(url: str, list_callback: typing.Any, subscribe_callback: typing.Any, include_deleted_option: ListIncludeOption = ...) -> Request:
    """
    Lists ``url`` through ``list_callback(result, entries)``, then tells each change in it through ``subscribe_callback(result, event, entry)`` until stopped; returns a Request.
    """
def live_register_queued_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(update_type, result, url, object_id, sequence, server_time)`` on the callback thread when a live object's version is queued (REMOTE) and after live_process_up_to left versions waiting (MORE, with the next one's server time); returns a Registration.
    """
def make_file_url(path: str) -> str:
    """
    The file: URL of a local path.
    """
def make_printable(url: str) -> str:
    """
    ``url`` with escapes that need none for reading decoded, for showing to a person.
    """
def make_query_from_branch_and_checkpoint(branch: str | None, checkpoint: typing.SupportsInt | typing.SupportsIndex) -> str:
    """
    The URL query naming a branch (None or '' for the default one) and a checkpoint number.
    """
def make_relative_url(base_url: str, other_url: str) -> str:
    """
    Returns a URL that gives other_url when combined with base_url.
    """
def make_url(scheme: str | None = None, user: str | None = None, host: str | None = None, port: str | None = None, path: str | None = None, query: str | None = None, fragment: str | None = None) -> str:
    """
    Composes a URL from its parts, escaping each as needed.
    """
def normalize_url(url: str) -> str:
    """
    Parses a URL and recomposes it.
    """
def pop_base_url(url: str) -> bool:
    """
    Removes ``url`` from the top of this thread's base URL stack; False if it was not on top.
    """
def push_base_url(url: str) -> None:
    """
    Makes ``url`` the base that relative URLs in this thread are resolved against.
    """
def register_authentication_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(prefix)`` when a server asks who the user is; it returns ``(username, password)``, None to go on, or AUTH_ABORT. Returns a Registration.
    """
def register_authorize_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(prefix)`` before the library signs in to a server; it returns True to let it. Returns a Registration.
    """
def register_connection_status_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(url, status)`` when a connection to a server changes state; returns a Registration.
    """
def register_device_flow_auth_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(auth_handle, params)`` with the page and code to show when a server signs in through a browser, and ``callback(auth_handle, None)`` once that sign-in is over. Returns a Registration.
    """
def register_error_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(url, result, message)`` for errors that no request's answer reports. Returns a Registration.
    """
def register_file_status_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback(url, status, percentage)`` as reads, writes, copies and other requests start and finish; returns a Registration.
    """
def register_storage_auth_callback(callback: typing.Any) -> typing.Any:
    """
    Calls ``callback`` when cloud storage asks for credentials (no cloud storage here). Returns a Registration.
    """
def remove_bookmark(name: str) -> None:
    """
    Removes the bookmark ``name``.
    """
def remove_default_search_path(search_path: str) -> None:
    """
    Removes a folder added with add_default_search_path().
    """
def set_alias(alias: str, value: str | None) -> None:
    """
    Makes URLs starting with ``alias`` start with ``value`` instead (None removes the alias).
    """
def set_hang_detection_time_ms(timeout: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Logs a warning when a request takes longer than ``timeout`` milliseconds (0 turns it off).
    """
def set_http_header(key: str, value: str | None) -> None:
    """
    Sends the HTTP header ``key: value`` with every HTTP request (an empty value or None removes it).
    """
def set_log_callback(callback: typing.Any) -> None:
    """
    Sends log messages to ``callback(thread_name, component, level, message)`` instead of stderr; None restores stderr.
    """
def set_log_level(log_level: LogLevel) -> None:
    """
    Logs only messages at ``log_level`` or above (LogLevel; WARNING unless the OMNI_CLIENT_LOG_LEVEL environment variable names another when the library loads; docs/logging.md).
    """
def set_product_info(name: str, version: str | None = None, extra: str | None = None) -> None:
    """
    Names the application to servers (in their logs and session lists).
    """
def set_retries(max_ms: typing.SupportsInt | typing.SupportsIndex, base_ms: typing.SupportsInt | typing.SupportsIndex, jitter_ms: typing.SupportsInt | typing.SupportsIndex) -> tuple[int, int, int]:
    """
    How long to retry requests that failed to connect: up to ``max_ms`` in all, waiting ``base_ms`` times the square of the attempt plus up to ``jitter_ms`` between tries.
    """
def shutdown() -> None:
    """
    Stops every request (each gets its error answer) and the library's threads; the next call starts it again.
    """
def stat_subscribe_with_callback(url: str, stat_callback: typing.Any, subscribe_callback: typing.Any, include_deleted_option: ListIncludeOption = ...) -> Request:
    """
    Describes ``url`` through ``stat_callback(result, entry)``, then tells each change through ``subscribe_callback(result, event, entry)`` until stopped; returns a Request.
    """
@typing.overload
def stop(request: Request) -> None:
    """
    Stops a request (its callback is not called after this) or a registration (its callback is not called any more).
    """
@typing.overload
def stop(registration: Registration) -> None:
    """
    Stops a request (its callback is not called after this) or a registration (its callback is not called any more).
    """
@typing.overload
def stop(request_id: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Stops a request (its callback is not called after this) or a registration (its callback is not called any more).
    """
def trace_start() -> bool:
    """
    Starts recording every request's span for write_chrome_trace().
    """
def trace_stop() -> None:
    """
    Stops recording request spans.
    """
VERSION: int = 563272075968513
_EMPTY_CONTENT: Content
_INVALID_REQUEST_ID: int = 0
