"""Building answers and checking requests against the typed models of :mod:`.models`
(TypedDicts): :func:`make` builds an answer with exactly its type's keys, :func:`parse`
checks the JSON types of a request's parameters."""

import math
import typing
from typing import Any, Callable, Dict, List, Union


class BadParams(ValueError):
    """A request whose parameters do not have the declared JSON types."""


class ModelError(AssertionError):
    """The server tried to send an answer that does not fit its IDL type (a bug)."""


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


_KEYS: Dict[type, tuple] = {}


def keys_of(model: type) -> tuple:
    """``(required, allowed)`` key sets of a TypedDict model."""
    found = _KEYS.get(model)
    if found is None:
        required = frozenset(model.__required_keys__)
        found = (required, required | frozenset(model.__optional_keys__))
        _KEYS[model] = found
    return found


def make(model: type, **fields: Any) -> dict:
    """Build an answer of IDL type ``model``; ``None`` values are left out."""
    answer = {k: v for k, v in fields.items() if v is not None}
    required, allowed = keys_of(model)
    if not (answer.keys() <= allowed and answer.keys() >= required):  # (compared without copies)
        raise ModelError(f"{model.__name__}: unknown {sorted(answer.keys() - allowed)}, "
                         f"missing {sorted(required - answer.keys())}")
    return answer


def _empty_value(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if tp is str:
        return ""
    if tp in (int, float):
        return 0
    if tp is bool:
        return False
    if origin in (list, List):
        return []
    return {}


def error_answer(model: type, status: str, ts: Dict[str, int]) -> dict:
    """An answer of type ``model`` carrying an error ``status`` and empty required fields."""
    required, allowed = keys_of(model)
    hints = typing.get_type_hints(model)
    answer = {name: _empty_value(hints[name]) for name in required}
    answer["status"] = status
    if "ts" in allowed:
        answer["ts"] = ts
    return answer


INT64 = range(-(1 << 63), 1 << 63)  # what the store (and the IDL's int64 fields) can hold


def _is_text(value: Any) -> bool:
    """A string that is UTF-8 (JSON's escapes can carry lone surrogates, which are not)."""
    if not isinstance(value, str):
        return False
    if value.isascii():  # the usual case, answered without encoding
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Where a value is in the parameters, for an error message: a text, or ``(parent, part)`` with
# ``part`` a field's ".name", an item's "[]", or ``(key,)`` for a key of a dictionary.  A place is
# made as a tuple and written out only for an error: every request passes through here.
Where = Union[str, tuple]


def _describe(where: Where) -> str:
    if isinstance(where, str):
        return where
    parent, part = where
    if isinstance(part, tuple):
        return f"{_describe(parent)}.{part[0]!r}"
    return f"{_describe(parent)}{part}"


def _expected(tp: Any, where: Where) -> BadParams:
    return BadParams(f"{_describe(where)}: expected {getattr(tp, '__name__', tp)}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and v.__class__ is not bool and v in INT64


def _is_number(v: Any) -> bool:  # an int will do for a float
    return (isinstance(v, float) and math.isfinite(v)) or _is_int(v)


# Every request's parameters are checked: the check of each type is made once, as a function
# ``(value, where) -> value`` (what the JSON gave, or its known keys for an object).
_CHECKERS: Dict[Any, Callable[[Any, Where], Any]] = {}


def _checker(tp: Any) -> Callable[[Any, Where], Any]:
    found = _CHECKERS.get(tp)
    if found is None:
        found = _CHECKERS[tp] = _make_checker(tp)
    return found


# The checks of the commonest fields: a plain int in range, or ASCII text, is answered by the
# first test (most fields of most requests are such), anything else by the full one.
def _check_int(value: Any, where: Where) -> Any:
    if value.__class__ is int and -(1 << 63) <= value < 1 << 63 or _is_int(value):
        return value
    raise _expected(int, where)


def _check_number(value: Any, where: Where) -> Any:
    if value.__class__ is int and -(1 << 63) <= value < 1 << 63 or _is_number(value):
        return value
    raise _expected(float, where)


def _check_text(value: Any, where: Where) -> Any:
    if value.__class__ is str and value.isascii() or _is_text(value):
        return value
    raise _expected(str, where)


def _make_checker(tp: Any) -> Callable[[Any, Where], Any]:
    def simple(accepts: Callable[[Any], bool]) -> Callable[[Any, Where], Any]:
        def check(value: Any, where: Where) -> Any:
            if accepts(value):
                return value
            raise _expected(tp, where)
        return check

    if tp is Any:
        return lambda value, where: value
    if tp is bool:
        return simple(lambda v: isinstance(v, bool))
    if tp is int:
        return _check_int
    if tp is float:
        return _check_number
    if tp is str:
        return _check_text
    if _is_typeddict(tp):
        def check_object(value: Any, where: Where) -> Any:
            if isinstance(value, dict):
                return parse(tp, value, where)
            raise _expected(tp, where)
        return check_object
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Union and set(args) == {int, float}:  # a number: one test, not two tries
        return _check_number
    if origin is Union:
        options = [_checker(option) for option in args]

        def check_union(value: Any, where: Where) -> Any:
            for option in options:
                try:
                    return option(value, where)
                except BadParams:
                    continue
            raise _expected(tp, where)
        return check_union
    if origin is list:
        check_item = _checker(args[0])

        def check_list(value: Any, where: Where) -> Any:
            if isinstance(value, list):
                item = (where, "[]")
                return [check_item(v, item) for v in value]
            raise _expected(tp, where)
        return check_list
    if origin is dict:
        check_value = _checker(args[1])

        def check_dict(value: Any, where: Where) -> Any:
            if not isinstance(value, dict):
                raise _expected(tp, where)
            out = {}
            for k, v in value.items():
                if not (k.__class__ is str and k.isascii() or _is_text(k)):
                    raise _expected(tp, where)
                out[k] = check_value(v, (where, (k,)))
            return out
        return check_dict
    return simple(lambda v: False)


_FIELDS: Dict[type, tuple] = {}


def _fields(model: type) -> tuple:
    """``(name, its place's part, its checker, required)`` of each field of request model
    ``model``."""
    found = _FIELDS.get(model)
    if found is None:
        required, _ = keys_of(model)
        found = _FIELDS[model] = tuple((name, f".{name}", _checker(tp), name in required)
                                       for name, tp in typing.get_type_hints(model).items())
    return found


def parse(model: type, params: Any, where: Where = "params") -> dict:
    """Check ``params`` against request model ``model``; return only the known keys."""
    if not isinstance(params, dict):
        raise BadParams(f"{_describe(where)}: expected an object")
    out = {}
    for name, part, check, required in _fields(model):
        value = params.get(name)
        if value is not None:
            out[name] = check(value, (where, part))
        elif required:
            raise BadParams(f"{_describe(where)}: missing {name}")
    return out
