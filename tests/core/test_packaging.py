"""The package as pip builds it: the licence travels with the sdist and the wheel, and the
Python versions it claims are the ones scripts/test.sh tests."""

import email
import re
import tarfile
from pathlib import Path

import pytest
from scikit_build_core import build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def wheel_metadata(tmp_path):
    dist_info = tmp_path / build.prepare_metadata_for_build_wheel(str(tmp_path))
    return dist_info, email.message_from_string((dist_info / "METADATA").read_text())


def ci_python_versions():
    """The CPython versions scripts/test.sh builds and runs the suites on (through
    scripts/other-pythons.sh)."""
    script = (ROOT / "scripts" / "other-pythons.sh").read_text()
    return re.search(r"^python_versions=\(([^)]*)\)", script, re.M).group(1).split()


def test_sdist_holds_the_licence(in_root, tmp_path):
    name = build.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as sdist:
        licence = sdist.extractfile(f"{name.removesuffix('.tar.gz')}/LICENSE").read().decode()
    assert "Apache License" in licence and "Version 2.0" in licence


def test_wheel_holds_the_licence(in_root, tmp_path):
    dist_info, metadata = wheel_metadata(tmp_path)
    assert (dist_info / "licenses" / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert metadata["License"] == "Apache-2.0"


def test_classifiers_and_requires_python_match_the_ci_python_versions(in_root, tmp_path):
    _, metadata = wheel_metadata(tmp_path)
    versions = ci_python_versions()
    assert len(versions) >= 5
    claimed = [c.rsplit(" :: ", 1)[1] for c in metadata.get_all("Classifier")
               if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert claimed == versions
    assert metadata["Requires-Python"] == f">={versions[0]}"
    assert "License :: OSI Approved :: Apache Software License" in metadata.get_all("Classifier")
