"""What the provider tests share: reading through the client, naming listed entries."""

import omni.client
from omni.client import Result


def names(entries) -> list[str]:
    return sorted(e.relative_path for e in entries)


def content_of(url) -> bytes:
    result, _, content = omni.client.read_file(url)
    assert result == Result.OK
    return bytes(memoryview(content))
