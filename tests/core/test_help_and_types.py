"""help() and type errors: every public function says what it does in a docstring and is real
source (the operations are generated once, into files, from the table in _ops.py); a wrong
argument type names the parameter and the type expected; the typing stubs agree with the module
(the defects stubtest found)."""

import datetime
import inspect
import re
import sys
import traceback
from pathlib import Path

import pytest

import omni.client
from omni.client import CopyBehavior, _ops

PACKAGE = Path(omni.client.__file__).parent
PUBLIC = sorted(n for n in dir(omni.client)
                if not n.startswith("_") and callable(getattr(omni.client, n)) and not isinstance(getattr(omni.client, n), type))


def described(name, doc):
    """The docstring without the signature lines pybind11 puts first."""
    lines = [line for line in (doc or "").splitlines()
             if not re.match(rf"^(\d+\. )?{name}\(.*\)( -> .*)?$", line.strip()) and line.strip() != "Overloaded function."]
    return " ".join(line.strip() for line in lines).strip()


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_function_has_a_docstring(name):
    assert len(described(name, getattr(omni.client, name).__doc__).split()) >= 3


def test_the_operations_are_real_source_written_from_the_table():
    for form, (file, _) in _ops.FORMS.items():
        assert (PACKAGE / file).read_text() == _ops.source(form), f"{file} is stale: run scripts/gen_stubs.py"
    assert "def read_file(url):" in inspect.getsource(omni.client.read_file)
    assert omni.client.read_file.__module__ == "omni.client"
    assert "Reads the whole content" in inspect.getdoc(omni.client.read_file_async)


def test_a_traceback_through_an_operation_shows_its_source_line():
    try:
        omni.client.read_file(3)
    except TypeError:
        frames = traceback.extract_tb(sys.exc_info()[2])
    assert any(f.name == "read_file" and f.line and "read_file" in f.line for f in frames)  # real source, not <string>


@pytest.mark.parametrize("call, message", [
    (lambda: omni.client.read_file(3), "read_file() argument 'url' must be str (a URL), not int"),
    (lambda: omni.client.write_file("/tmp/x", "text"), "write_file() argument 'content' must be a bytes-like object"),
    (lambda: omni.client.copy("/a", "/b", 1), "copy() argument 'behavior' must be CopyBehavior, not int"),
    (lambda: omni.client.copy_with_callback("/a", "/b", 7), "copy_with_callback() argument 'callback' must be a callable or None, not int"),
    (lambda: omni.client.set_acls("/a", ["x"]), "set_acls() argument 'acls' must be a list of AclEntry, not list"),
    (lambda: omni.client.create_checkpoint("/a", None), "create_checkpoint() argument 'comment' must be str, not NoneType"),
])
def test_a_wrong_argument_type_names_the_parameter_and_the_type(call, message):
    with pytest.raises(TypeError) as error:
        call()
    assert str(error.value).startswith(message)
    assert "arg0" not in str(error.value) and "Ellipsis" not in str(error.value)


async def test_an_async_operation_names_the_wrong_parameter_too():
    with pytest.raises(TypeError, match="stat_async\\(\\) argument 'include_deleted_option' must be ListIncludeOption"):
        await omni.client.stat_async("/tmp", CopyBehavior.OVERWRITE)


def test_the_stubs_say_what_the_module_does():
    """The defects the stubs had: a parameter typed with the module's own `list` function,
    VERSION declared twice, a None default typed `str`, `Any` for a datetime, no `__buffer__` on
    Content, and listings typed as 1-tuples."""
    public = (PACKAGE / "__init__.pyi").read_text()
    native = (PACKAGE / "_omniclient.pyi").read_text()
    assert re.search(r"\bacls: list\b", public) is None and "acls: List[AclEntry]" in public
    assert "VERSION" not in public and "VERSION: int" in native
    for name in ("copy_with_callback", "write_file_with_callback", "create_with_hash_with_callback"):
        declared = re.search(rf"^def {name}\((.*)\)", public, re.M).group(1)
        assert "message: str | None = ..." in declared
        assert inspect.signature(getattr(omni.client, name)).parameters["message"].default is None
    assert "def modified_time(self) -> datetime.datetime:" in native
    assert isinstance(omni.client.stat(str(PACKAGE))[1].modified_time, datetime.datetime)
    assert "def __buffer__(self, flags: int, /) -> memoryview:" in native
    assert "Tuple[ListEntry]" not in public and "def list(url: str, include_deleted_option: ListIncludeOption = ...) -> Tuple[Result, List[ListEntry]]" in public
    assert type(omni.client.list(str(PACKAGE))[1]) is list
