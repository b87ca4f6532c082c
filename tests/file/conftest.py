"""Fixtures of the file provider's tests: a scratch folder per test, and each test run in both
spellings of a local item."""

import pytest

from file_helpers import FORMS


@pytest.fixture(params=sorted(FORMS))
def form(request):
    return FORMS[request.param]


@pytest.fixture
def d(tmp_path):
    """A scratch folder, as a plain string path."""
    return str(tmp_path)
