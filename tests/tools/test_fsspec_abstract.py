"""fsspec's own abstract test suites (copy, get, put, open, pipe) against a folder on our server
and against local files through the library's file provider."""

from __future__ import annotations

import uuid

import pytest
from fsspec.tests import abstract

from omni.client.fsspec import OmniFileSystem


def _join(*parts):
    return "/".join(str(p).rstrip("/") for p in parts)


class _Suites(abstract.AbstractCopyTests, abstract.AbstractGetTests, abstract.AbstractPutTests,
              abstract.AbstractOpenTests, abstract.AbstractPipeTests):
    pass


class TestOnOurServer(abstract.AbstractFixtures, _Suites):
    @pytest.fixture
    def fs(self, admin):
        return OmniFileSystem()

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
