"""Fixtures of the file provider's tests: a scratch folder per test, and each test run in both
spellings of a local item."""

import sys
from pathlib import Path

import pytest

# The behaviour suite's helpers (a recorder of subscriptions, a folder's tree) serve these tests too.
sys.path.insert(0, str(Path(__file__).parents[1] / "behavior"))

from file_helpers import FORMS  # noqa: E402


@pytest.fixture(params=sorted(FORMS))
def form(request):
    return FORMS[request.param]


@pytest.fixture
def d(tmp_path):
    """A scratch folder, as a plain string path."""
    return str(tmp_path)
