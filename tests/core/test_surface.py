"""The public surface checked mechanically against tests/data/api-surface.md (a copy of the spec):
every function with the same parameter names, order and defaults; every enum member with its
value; every class attribute; the constants."""

import inspect
import re
from pathlib import Path

import pytest

import omni.client
from omni.client import _ops

SPEC = (Path(__file__).parent.parent / "data" / "api-surface.md").read_text()


def spec_section(title):
    return SPEC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def split_params(text):
    """Splits a parameter list on top-level commas (types contain brackets with commas)."""
    params, depth, current = [], 0, ""
    for ch in text:
        if ch in "[(<{":
            depth += 1
        elif ch in "])>}":
            depth -= 1
        if ch == "," and depth == 0:
            params.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        params.append(current.strip())
    return params


def parse_param(text):
    name = text.split(":")[0].split("=")[0].strip()
    default = text.split("=", 1)[1].strip() if "=" in text else inspect.Parameter.empty
    return name, default


def spec_functions():
    functions = {}
    for line in spec_section("Functions").splitlines():
        m = re.match(r"- `(async )?(\w+)\((.*)\)( -> .*)?`$", line)
        if not m or m.group(2) == "stop":  # stop is overloaded; checked separately
            continue
        functions[m.group(2)] = [parse_param(p) for p in split_params(m.group(3))]
    return functions


def actual_params(fn):
    try:
        sig = inspect.signature(fn)
        return [(p.name, p.default) for p in sig.parameters.values()]
    except (ValueError, TypeError):
        # A pybind11 function: read its signature line from the docstring.
        first = fn.__doc__.splitlines()[0]
        inner = first[first.index("(") + 1: first.rindex(") ->")]
        return [parse_param(p) for p in split_params(inner)]


def same_default(spec_default, actual):
    if spec_default is inspect.Parameter.empty:
        return actual is inspect.Parameter.empty or actual is _ops.REQUIRED
    if isinstance(actual, str) and not isinstance(actual, type) and actual == spec_default:
        return True  # pybind11 docstring text
    return repr(actual) == spec_default


FUNCTIONS = spec_functions()


def test_the_spec_was_parsed():
    assert len(FUNCTIONS) > 200


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_function_signature_matches_the_spec(name):
    fn = getattr(omni.client, name, None)
    assert fn is not None, f"omni.client.{name} is missing"
    assert callable(fn)
    expected = FUNCTIONS[name]
    actual = actual_params(fn)
    assert [n for n, _ in actual] == [n for n, _ in expected], f"{name}: parameter names/order"
    for (n, want), (_, got) in zip(expected, actual):
        assert same_default(want, got), f"{name}({n}): default {got!r}, spec {want}"


@pytest.mark.parametrize("name", [n for n in FUNCTIONS if n.endswith("_async")])
def test_async_functions_are_coroutines(name):
    assert inspect.iscoroutinefunction(getattr(omni.client, name))


def test_stop_accepts_a_request_a_registration_and_an_id():
    doc = omni.client.stop.__doc__
    for overload in ("stop(request: omni.client._omniclient.Request)", "stop(registration: omni.client._omniclient.Registration)",
                     "stop(request_id: "):
        assert overload in doc


def spec_enums():
    enums = {}
    for line in spec_section("Enums (name = integer value)").splitlines():
        m = re.match(r"- \*\*(\w+)\*\*: (.*)$", line)
        if m:
            enums[m.group(1)] = {k: int(v) for k, v in (item.split("=") for item in m.group(2).split(", "))}
    return enums


ENUMS = spec_enums()


@pytest.mark.parametrize("enum_name", sorted(ENUMS))
def test_enum_members_and_values(enum_name):
    enum = getattr(omni.client, enum_name)
    members = {name: int(value) for name, value in enum.__members__.items()}
    assert members == ENUMS[enum_name]


def test_flags_combine_with_or():
    flags = omni.client.ItemFlags.READABLE_FILE | omni.client.ItemFlags.WRITEABLE_FILE
    assert flags == 3
    assert omni.client.AccessFlags.READ | omni.client.AccessFlags.WRITE | omni.client.AccessFlags.ADMIN == 7


def spec_classes():
    classes = {}
    for line in spec_section("Classes (attributes and methods)").splitlines():
        m = re.match(r"- \*\*(\w+)\*\*: ?(.*)$", line)
        if m:
            classes[m.group(1)] = [a.split("(")[0].strip() for a in m.group(2).split("; ") if a.strip()]
    return classes


CLASSES = spec_classes()


@pytest.mark.parametrize("class_name", sorted(CLASSES))
def test_class_attributes(class_name):
    cls = getattr(omni.client, class_name)
    for attribute in CLASSES[class_name]:
        assert hasattr(cls, attribute), f"{class_name}.{attribute}"


def test_constants():
    assert omni.client.AUTH_ABORT is True
    assert omni.client.VERSION == 563272075968513


def test_typing_stubs_declare_every_function():
    package = Path(omni.client.__file__).parent
    assert (package / "py.typed").exists()
    stubs = (package / "__init__.pyi").read_text() + (package / "_omniclient.pyi").read_text()
    declared = set(re.findall(r"^(?:async )?def (\w+)\(", stubs, re.M))
    assert set(FUNCTIONS) - declared == set()


def test_the_python_table_and_the_native_table_name_the_same_operations():
    """python/omni/client/_ops.py and cpp/src/core/ops.def cannot drift apart: every primitive a
    row calls exists, every native operation is reachable from a row, and every primitive bound
    for an operation is used by one."""
    from omni.client import _omniclient, _ops

    native = _omniclient._operations()
    called = {op.primitive for op in _ops.OPERATIONS}
    assert [p for p in sorted(called) if not hasattr(_omniclient, p)] == []
    assert [op for op, prims in sorted(native.items()) if not called & set(prims)] == []
    assert [p for prims in native.values() for p in prims if p not in called] == []


def test_capabilities_name_operations_of_the_table():
    from omni.client import _omniclient

    # the Python primitives' operations, the subscriptions, and the core's own streams (ops.def)
    operations = set(_omniclient._operations()) | {"stat_subscribe", "list_subscribe", "join_channel", "live_read",
                                                   "read_range", "open_upload"}
    local = _omniclient._capabilities("file:/tmp")
    assert {"stat", "list", "read_file", "write_file", "copy", "move", "list_subscribe"} <= local
    assert "lock" not in local and "create_checkpoint" not in local
    assert local <= operations
    assert _omniclient._capabilities("/tmp") == local
    assert _omniclient._capabilities("omniverse://127.0.0.1/") <= operations
    assert {"lock", "create_checkpoint", "get_acls", "join_channel", "send_message"} <= \
        _omniclient._capabilities("omniverse://127.0.0.1/")
    assert _omniclient._capabilities("nosuchscheme://host/x") == set()
    assert _omniclient._capabilities("") == set()
