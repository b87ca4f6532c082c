"""Bookmarks: kept where Omniverse applications keep them (the [bookmarks] table of
~/.nvidia-omniverse/config/omniverse.toml, as the original writes it), shared between processes,
reported to list_bookmarks subscribers after every change."""

import os
import subprocess
import sys
import textwrap
import threading

import pytest

import omni.client

UNSERVED = "nosuchscheme://host/file.txt"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def config(home):
    return home / ".nvidia-omniverse" / "config" / "omniverse.toml"


class Reports:
    """What a list_bookmarks subscription reports, and an event set at each report."""

    def __init__(self):
        self.seen = []
        self.changed = threading.Event()

    def __call__(self, marks):
        self.seen.append(dict(marks))
        self.changed.set()


def current_bookmarks():
    reports = Reports()
    request = omni.client.list_bookmarks_with_callback(reports)
    assert reports.changed.wait(5)
    request.stop()
    return reports.seen[0]


def test_bookmarks_are_reported_now_and_after_every_change_until_stopped():
    reports = Reports()
    seen, changed = reports.seen, reports.changed
    request = omni.client.list_bookmarks_with_callback(reports)
    assert changed.wait(5)
    before = seen[-1]
    changed.clear()
    omni.client.add_bookmark("scene", "omniverse://host/scene.usd")
    assert changed.wait(5)
    assert seen[-1] == {**before, "scene": "omniverse://host/scene.usd"}
    changed.clear()
    omni.client.remove_bookmark("scene")
    assert changed.wait(5)
    assert seen[-1] == before
    request.stop()
    request.wait()
    count = len(seen)
    omni.client.add_bookmark("later", "file:/tmp")
    omni.client.remove_bookmark("later")
    omni.client.stat_with_callback(UNSERVED, None).wait()
    assert len(seen) == count


def test_bookmarks_are_written_where_and_as_the_original_writes_them(home):
    omni.client.add_bookmark("mybm", "omniverse://host/path")
    omni.client.add_bookmark('new "q"', "file:/a b")
    # Byte for byte the file the original writes for the same two calls (observed).
    assert config(home).read_text() == '\n[bookmarks]\nmybm = "omniverse://host/path"\n"new \\"q\\"" = "file:/a b"\n'
    omni.client.remove_bookmark("mybm")
    assert current_bookmarks() == {'new "q"': "file:/a b"}


def test_the_rest_of_the_configuration_file_is_kept_as_it_is(home):
    config(home).parent.mkdir(parents=True)
    text = ('# my settings\n[other]\nx = 1\n\n[bookmarks]\n# kept\n"with space" = "file:/a b"\nplain = \'lit\'\n'
            'esc = "tab\\there \\u00e9"\n\n[after]\ny = "2"\n')
    config(home).write_text(text)
    # Read as the original reads it: quoted keys, literal strings and escapes.
    assert current_bookmarks() == {"with space": "file:/a b", "plain": "lit", "esc": "tab\there é"}
    omni.client.add_bookmark("added", "omniverse://h/x")
    assert config(home).read_text() == (
        '# my settings\n[other]\nx = 1\n\n[bookmarks]\nadded = "omniverse://h/x"\nesc = "tab\\there é"\nplain = "lit"\n'
        '"with space" = "file:/a b"\n# kept\n\n[after]\ny = "2"\n')


def test_another_process_sees_and_changes_the_same_bookmarks(home):
    omni.client.add_bookmark("mine", "file:/mine")
    child = textwrap.dedent("""
        import threading, omni.client
        got, done = [], threading.Event()
        r = omni.client.list_bookmarks_with_callback(lambda m: (got.append(dict(m)), done.set()))
        done.wait(5)
        print(sorted(got[0].items()))
        omni.client.add_bookmark("theirs", "file:/theirs")
    """)
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[('mine', 'file:/mine')]"
    assert current_bookmarks() == {"mine": "file:/mine", "theirs": "file:/theirs"}


def test_concurrent_processes_lose_no_bookmark(home):
    child = textwrap.dedent("""
        import sys, omni.client
        for i in range(25):
            omni.client.add_bookmark(f"{sys.argv[1]}-{i}", f"file:/{i}")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", child, str(p)]) for p in range(4)]
    assert [p.wait(120) for p in procs] == [0] * 4
    assert len(current_bookmarks()) == 100
    assert not [p for p in config(home).parent.iterdir() if p.name != "omniverse.toml"]


def test_a_home_that_cannot_be_written_keeps_bookmarks_for_this_process(home, monkeypatch):
    blocker = home / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("HOME", str(blocker))  # ~/.nvidia-omniverse cannot be made below a file
    omni.client.add_bookmark("kept", "file:/kept")
    try:
        assert current_bookmarks()["kept"] == "file:/kept"
    finally:
        omni.client.remove_bookmark("kept")
    assert "kept" not in current_bookmarks()


@pytest.mark.parametrize("table, after", [
    ('bookmarks = { scene = "omniverse://h/s.usd" }\n[other]\nx = 1\n',
     'bookmarks = { added = "file:/a", scene = "omniverse://h/s.usd" }\n[other]\nx = 1\n'),
    ('bookmarks.scene = "omniverse://h/s.usd"\n[other]\nx = 1\n',
     'bookmarks.added = "file:/a"\nbookmarks.scene = "omniverse://h/s.usd"\n[other]\nx = 1\n'),
    ('[other]\nx = 1\n[bookmarks]\nscene = "omniverse://h/s.usd"\n',
     '[other]\nx = 1\n[bookmarks]\nadded = "file:/a"\nscene = "omniverse://h/s.usd"\n'),
], ids=["inline table", "dotted keys", "table header"])
def test_every_form_of_the_table_is_listed_and_edited_in_its_form(home, table, after):
    config(home).parent.mkdir(parents=True)
    config(home).write_text(table)
    assert current_bookmarks() == {"scene": "omniverse://h/s.usd"}
    omni.client.add_bookmark("added", "file:/a")
    assert config(home).read_text() == after  # one table, in its own form: still valid TOML
    assert current_bookmarks() == {"scene": "omniverse://h/s.usd", "added": "file:/a"}
    if sys.version_info >= (3, 11):
        import tomllib

        assert tomllib.loads(after)["bookmarks"] == current_bookmarks()


def test_a_configuration_file_that_is_not_toml_is_left_alone(home):
    config(home).parent.mkdir(parents=True)
    broken = '[bookmarks]\na = "x"\n[bookmarks]\nb = "y"\n'  # a table defined twice
    config(home).write_text(broken)
    omni.client.add_bookmark("kept", "file:/kept")
    try:
        assert config(home).read_text() == broken
        assert current_bookmarks() == {"kept": "file:/kept"}  # for this process only
    finally:
        omni.client.remove_bookmark("kept")
