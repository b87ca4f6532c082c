"""list_subscribe and stat_subscribe on every provider, driven by the client's own changes."""

import pytest

import omni.client
from omni.client import ListEvent, Result

from behavior_helpers import Recorder

CREATED, UPDATED, DELETED = ListEvent.CREATED, ListEvent.UPDATED, ListEvent.DELETED
FILE_FLAGS = 3  # READABLE_FILE | WRITEABLE_FILE


# S3 and Azure Blob tell no changes (the original's providers send none either): their
# subscriptions give the first answer only, which is what
# test_a_service_that_tells_no_changes_gives_the_first_answer_only checks; the tests that wait
# for events skip them (as strict xfails, each waited 10 s for the event that would make it pass),
# and the one that fails on its first answer there stays a strict xfail.
NO_EVENTS = "the service tells no changes: the first answer only, no events"
SILENT = ("s3", "azure")


@pytest.fixture
def told(root):
    """`root`, if its service tells changes (skipped otherwise)."""
    if root.provider in SILENT:
        pytest.skip(NO_EVENTS)
    return root


@pytest.mark.parametrize("kind", SILENT)
def test_a_service_that_tells_no_changes_gives_the_first_answer_only(new_root, kind):
    root = new_root(kind)
    root.put("watched.txt", b"1")
    listed, stated = Recorder(), Recorder()
    subs = [omni.client.list_subscribe_with_callback(root.url, listed.on_first, listed.on_event),
            omni.client.stat_subscribe_with_callback(root / "watched.txt", stated.on_first, stated.on_event)]
    result, entries = listed.next_first()
    assert (result, [e.relative_path for e in entries]) == (Result.OK, ["watched.txt"])
    result, entry = stated.next_first()
    assert (result, entry.relative_path, entry.size) == (Result.OK, "watched.txt", 1)
    assert omni.client.write_file(root / "watched.txt", b"22") == Result.OK
    assert omni.client.write_file(root / "new.txt", b"n") == Result.OK
    assert omni.client.delete(root / "watched.txt") == Result.OK
    # (the original's: nothing within 2 s)
    assert (listed.quiet(2), stated.quiet(0)) == ([], [])
    for sub in subs:
        sub.stop()


@pytest.mark.needs("list_subscribe", "write_file", "delete", "move", "copy")
def test_list_subscribe_reports_created_updated_and_deleted_items(told):
    root = told
    root.put("a.txt", b"a")
    r = Recorder()
    sub = omni.client.list_subscribe_with_callback(root.url, r.on_first, r.on_event)
    result, entries = r.next_first()
    assert result == Result.OK and [e.relative_path for e in entries] == ["a.txt"]
    assert omni.client.write_file(root / "c.txt", b"client") == Result.OK
    assert r.until(lambda e: True) == [(Result.OK, CREATED, "c.txt", FILE_FLAGS, 6)]
    assert omni.client.write_file(root / "c.txt", b"client2") == Result.OK
    assert r.until(lambda e: True) == [(Result.OK, UPDATED, "c.txt", FILE_FLAGS, 7)]
    assert omni.client.move(root / "c.txt", root / "e.txt")[0] == Result.OK
    assert [e[1:3] for e in r.until(lambda e: e[2] == "e.txt")] == [(DELETED, "c.txt"), (CREATED, "e.txt")]
    assert omni.client.copy(root / "e.txt", root / "f.txt") == Result.OK
    assert [e[1:3] for e in r.until(lambda e: True)] == [(CREATED, "f.txt")]
    assert omni.client.delete(root / "a.txt") == Result.OK
    assert [e[1:3] for e in r.until(lambda e: True)] == [(DELETED, "a.txt")]
    # Changes below an item, or in another folder, are not this folder's.
    assert omni.client.write_file(root / "sub/inner", b"i") == Result.OK
    assert [e[1:3] for e in r.until(lambda e: True)] == [(CREATED, "sub")]
    assert omni.client.write_file(root / "sub/inner2", b"i") == Result.OK
    assert omni.client.copy(root / "e.txt", root / "sub/e.txt") == Result.OK
    assert r.quiet() == []  # (no temporary files of the writes either)
    sub.stop()
    assert omni.client.write_file(root / "after.txt", b"x") == Result.OK
    assert r.quiet() == []


@pytest.mark.needs("stat_subscribe", "write_file", "delete")
def test_stat_subscribe_sees_only_its_item(told):
    root = told
    root.put("watched.txt", b"1")
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(root / "watched.txt", r.on_first, r.on_event)
    result, entry = r.next_first()
    assert (result, entry.relative_path, entry.size) == (Result.OK, "watched.txt", 1)
    assert omni.client.write_file(root / "other.txt", b"o") == Result.OK
    assert omni.client.write_file(root / "watched.txt", b"22") == Result.OK
    assert r.until(lambda e: True) == [(Result.OK, UPDATED, "watched.txt", FILE_FLAGS, 2)]
    assert omni.client.delete(root / "watched.txt") == Result.OK
    # (the entry of a DELETED event: empty on files, as the original; the last one known on our server)
    assert [e[:3] for e in r.until(lambda e: True)] == [(Result.OK, DELETED, "watched.txt")]
    assert r.quiet() == []
    sub.stop()


@pytest.mark.needs("stat_subscribe", "write_file", "delete")
@pytest.mark.known_difference("omniverse", "the first answer for a missing item is ERROR_NOT_FOUND, "
                                           "yet the subscription goes on and reports the item's creation")
@pytest.mark.known_difference("s3", NO_EVENTS)
@pytest.mark.known_difference("azure", NO_EVENTS)
def test_stat_subscribe_of_a_missing_item_reports_its_coming_and_going(root):
    r = Recorder()
    sub = omni.client.stat_subscribe_with_callback(root / "later.txt", r.on_first, r.on_event)
    result, entry = r.next_first()
    assert (result, entry.relative_path) == (Result.OK_NOT_YET_FOUND, "")
    assert omni.client.write_file(root / "later.txt", b"abc") == Result.OK
    assert r.until(lambda e: True) == [(Result.OK, CREATED, "later.txt", FILE_FLAGS, 3)]
    assert omni.client.delete(root / "later.txt") == Result.OK
    assert [e[:3] for e in r.until(lambda e: True)] == [(Result.OK, DELETED, "later.txt")]
    sub.stop()


@pytest.mark.needs("list_subscribe")
def test_list_subscribe_of_a_missing_folder_fails(root):
    r = Recorder()
    omni.client.list_subscribe_with_callback(root / "none", r.on_first, r.on_event)
    assert r.next_first() == (Result.ERROR_NOT_FOUND, [])
