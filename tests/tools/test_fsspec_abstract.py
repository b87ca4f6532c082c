"""fsspec's own abstract test suites (copy, get, put, open, pipe) against a folder on our server
and against local files through the library's file provider."""

from __future__ import annotations

import uuid

import pytest
from fsspec.tests import abstract

import omni.client
from omni.client.fsspec import OmniFileSystem


def _join(*parts):
    # A trailing slash on the last part means "into this folder" to fsspec: keep it.
    return "/".join([str(p).rstrip("/") for p in parts[:-1]] + [str(parts[-1])])


class _Suites(abstract.AbstractCopyTests, abstract.AbstractGetTests, abstract.AbstractPutTests,
              abstract.AbstractOpenTests, abstract.AbstractPipeTests):
    pass


class TestOnOurServer(abstract.AbstractFixtures, _Suites):
    @pytest.fixture
    def fs(self, admin):
        # The library's listing cache sometimes answers a stat with a folder's state from before
        # the last writes (the put-glob tests then fail about one run in two; not with the cache
        # bypassed). A core matter, reported; here the suites check the filesystem itself.
        omni.client.bypass_list_cache(True)
        yield OmniFileSystem()
        omni.client.bypass_list_cache(False)

    @pytest.fixture
    def fs_join(self):
        return _join

    @pytest.fixture
    def fs_path(self, admin):
        return f"127.0.0.1:{admin.port}/abstract-{uuid.uuid4().hex[:10]}"


class TestOnLocalFiles(abstract.AbstractFixtures, _Suites):
    @pytest.fixture
    def fs(self):
        return OmniFileSystem(scheme="file")

    @pytest.fixture
    def fs_join(self):
        return _join

    @pytest.fixture
    def fs_path(self, tmp_path):
        return str(tmp_path / "remote")
