"""The URL functions' Python surface: the Url object, argument handling, the per-thread base URL
stack and aliases as every operation sees them (values as observed from the original)."""
import os
import threading

import pytest

import omni.client as oc


def test_url_object():
    u = oc.break_url("omni://User@Host:3009/a%20b/../c?q%20#f")
    assert (u.scheme, u.user, u.host, u.port, u.path, u.query, u.fragment, u.is_raw) == (
        "omniverse", "User", "host", "3009", "/c", "q%20", "f", False)
    assert sorted(a for a in dir(u) if not a.startswith("__")) == [
        "fragment", "host", "is_raw", "path", "port", "query", "scheme", "user"]
    for field in ("path", "query", "is_raw"):
        with pytest.raises(AttributeError):  # read-only, as in the original
            setattr(u, field, None)
    with pytest.raises(TypeError):
        oc.Url()  # no constructor, as in the original


def test_port_is_always_a_str():
    assert oc.break_url("omniverse://h:3009/").port == "3009"
    assert oc.break_url("omniverse://h:/").port == ""
    assert oc.break_url("omniverse://h/").port is None
    with pytest.raises(TypeError):
        oc.make_url(scheme="http", host="h", port=80)


def test_invalid_utf8_fails_only_the_field_that_has_it():
    u = oc.break_url("omniverse://h/%ff?q")
    assert u.host == "h" and u.query == "q"
    with pytest.raises(UnicodeDecodeError):
        u.path


def test_arguments():
    assert oc.break_url(url="omni:a").scheme == "omniverse"
    assert oc.combine_urls(base_url="omniverse://h/a/", other_url="b") == "omniverse://h/a/b"
    assert oc.make_relative_url("omniverse://h/a/b", other_url="omniverse://h/a/c") == "./c"
    for call in (lambda: oc.break_url(), lambda: oc.break_url(1), lambda: oc.break_url("a", "b"),
                 lambda: oc.normalize_url(url=None), lambda: oc.combine_urls("a", other="b"),
                 lambda: oc.break_url("x", url="y"), lambda: oc.break_url(["a"])):
        with pytest.raises(TypeError):
            call()
    # bytes are taken as UTF-8, as the original's binding does
    assert oc.make_relative_url("a", b"b") == "b"
    assert oc.break_url(b"omniverse://h/p").path == "/p"


def test_join_errors():
    assert oc.join("omniverse://h/a?q#f", "b/c") == "omniverse://h/a/b%2Fc?q#f"
    for base, name in (("omniverse://h/a", ""), ("omniverse://h/a", "."), ("omniverse://h/a", ".."), ("", "b")):
        with pytest.raises(ValueError):
            oc.join(base, name)


def test_base_url_stack_is_per_thread():
    assert oc.get_base_url() is None
    assert oc.pop_base_url("omniverse://h/") is False
    oc.push_base_url("omniverse://h/a/")
    oc.push_base_url("omniverse://h/b/")
    try:
        assert oc.get_base_url() == "omniverse://h/b/"
        assert oc.combine_with_base_url("c d") == "omniverse://h/b/c%20d"
        seen = []
        t = threading.Thread(target=lambda: seen.append((oc.get_base_url(), oc.pop_base_url("omniverse://h/b/"))))
        t.start()
        t.join()
        assert seen == [(None, False)]
        assert oc.pop_base_url("omniverse://h/a/") is False  # only the exact top pops
        assert oc.pop_base_url("omniverse://H/b/") is False
    finally:
        assert oc.pop_base_url("omniverse://h/b/") is True
        assert oc.pop_base_url("omniverse://h/a/") is True
    assert oc.get_base_url() is None


def test_no_base_url_means_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert oc.combine_with_base_url("x y/../z") == f"{os.getcwd()}/z"
    assert oc.combine_with_base_url("omni://h/a") == "omniverse://h/a"


def test_aliases_apply_to_operations(tmp_path):
    (tmp_path / "f.txt").write_text("hi")
    oc.set_alias("urltest:", f"{tmp_path}/")
    oc.set_alias("omniverse://aliased-host/", "urltest:")
    try:
        assert oc.stat("urltest:f.txt")[0] == oc.Result.OK
        assert oc.stat("urltest:missing.txt")[0] == oc.Result.ERROR_NOT_FOUND
        assert oc.stat("omni://aliased-host/f.txt")[0] == oc.Result.OK  # "omni:" spelled out, aliases chain
        assert oc.stat("URLTEST:f.txt")[0] != oc.Result.OK  # exact, case-sensitive prefix
    finally:
        oc.set_alias("omniverse://aliased-host/", None)
        oc.set_alias("urltest:", None)
    assert oc.stat("urltest:f.txt")[0] == oc.Result.ERROR_NOT_SUPPORTED


def test_branch_and_checkpoint():
    assert oc.get_branch_and_checkpoint_from_query("") == ("", 0)
    assert oc.get_branch_and_checkpoint_from_query("x&3") == ("x", 3)
    assert oc.make_query_from_branch_and_checkpoint("x", 3) == "x&3"
    assert oc.make_query_from_branch_and_checkpoint("x", 2 ** 64 - 1) == "x&18446744073709551615"
    for bad in (-1, 2 ** 64):
        with pytest.raises(TypeError):
            oc.make_query_from_branch_and_checkpoint("x", bad)


def test_the_default_branch_is_named_by_an_empty_string():
    assert oc.get_branch_and_checkpoint_from_query("default&2") == ("", 2)
    assert oc.get_branch_and_checkpoint_from_query("default") == ("", 0)
    assert oc.get_branch_and_checkpoint_from_query("branch=default&checkpoint=3") == ("", 3)
    assert oc.get_branch_and_checkpoint_from_query("%64efault&1") == ("", 1)
    assert oc.get_branch_and_checkpoint_from_query("Default&2") == ("Default", 2)  # exact
    assert oc.get_branch_and_checkpoint_from_query("defaultx&2") == ("defaultx", 2)
    assert oc.get_branch_and_checkpoint_from_query("default%00x&1") == ("default", 1)  # a whole part only
    assert oc.make_query_from_branch_and_checkpoint(None, 2) == "&2"
    assert oc.make_query_from_branch_and_checkpoint(None, 0) == ""
    assert oc.make_query_from_branch_and_checkpoint("default", 2) == "default&2"  # written as given


@pytest.fixture
def alias():
    oc.set_alias("urlalias:", "omniverse://host/path/")
    yield
    oc.set_alias("urlalias:", None)


def test_url_functions_expand_aliases_as_operations_do(alias):
    assert oc.normalize_url("urlalias:a/b") == "omniverse://host/path/a/b"
    u = oc.break_url("urlalias:a")
    assert (u.scheme, u.host, u.path) == ("omniverse", "host", "/path/a")
    assert oc.combine_urls("urlalias:", "b") == "omniverse://host/path/b"
    assert oc.combine_urls("http://x/", "urlalias:b") == "omniverse://host/path/b"
    assert oc.make_relative_url("urlalias:a/", "omniverse://host/path/a/b") == "./b"
    assert oc.make_relative_url("omniverse://host/path/a/", "urlalias:a/b") == "./b"
    assert oc.combine_with_base_url("urlalias:a") == "omniverse://host/path/a"
    # exact, case-sensitive prefix; references and printing take the text as written
    assert oc.normalize_url("URLALIAS:a") == "urlalias:a"
    assert oc.normalize_url("xurlalias:a") == "xurlalias:a"
    assert oc.break_url_reference("urlalias:a").scheme == "urlalias"
    assert oc.make_printable("urlalias:a") == "urlalias:a"
    oc.set_alias("urlalias:", None)
    assert oc.normalize_url("urlalias:a") == "urlalias:a"


def test_a_base_url_with_an_alias_is_expanded(alias, tmp_path):
    (tmp_path / "f.txt").write_text("hi")
    oc.set_alias("urlfolder:", f"file:{tmp_path}/")
    oc.push_base_url("urlfolder:")
    try:
        assert oc.get_base_url() == "urlfolder:"  # kept as given
        assert oc.combine_with_base_url("f.txt") == f"file:{tmp_path}/f.txt"
        assert oc.stat("f.txt")[0] == oc.Result.OK
    finally:
        oc.pop_base_url("urlfolder:")
        oc.set_alias("urlfolder:", None)
