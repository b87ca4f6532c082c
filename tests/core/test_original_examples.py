"""Details the original's documentation examples show, and where we differed (issue 13, item 6b):
a Registration's handle once it is over, item access on Content, Hub questions with no Hub, and
what the callbacks of failed live-layer requests get."""

import threading

import pytest

import omni.client
from omni.client import LiveSessionEvent, LiveSessionEventType, Result

PNG_START = b"\x89PNG\r\n\x1a\n"


def new_registration():
    return omni.client.register_connection_status_callback(lambda *a: None)


def test_a_registration_handle_is_0_once_it_no_longer_calls_back():
    unregistered = new_registration()
    assert unregistered.handle != 0
    unregistered.unregister()
    assert unregistered.handle == 0

    stopped = new_registration()
    assert stopped.handle != 0
    omni.client.stop(stopped)
    assert stopped.handle == 0

    with new_registration() as left:
        assert left.handle != 0
    assert left.handle == 0
    left.unregister()  # again: nothing to do
    assert left.handle == 0


def test_content_items_are_one_character_strings_and_its_buffer_is_bytes(tmp_path):
    (tmp_path / "image.png").write_bytes(PNG_START + bytes(range(256)))
    result, _, content = omni.client.read_file(str(tmp_path / "image.png"))
    assert result == Result.OK
    assert content[0] == "\x89" and content[1] == "P"
    assert list(content) == [chr(b) for b in PNG_START + bytes(range(256))]
    assert bytes(content) == bytes(memoryview(content)) == PNG_START + bytes(range(256))
    with pytest.raises(IndexError):
        content[len(content)]
    with pytest.raises(TypeError):
        content[-1]


@pytest.mark.parametrize("name", ["get_hub_version", "get_hub_http_uri"])
def test_hub_questions_with_no_hub_are_a_connection_error(name):
    assert getattr(omni.client, name)() == (Result.ERROR_CONNECTION, "")
    answers = []
    getattr(omni.client, f"{name}_with_callback")(lambda *a: answers.append(a)).wait()
    assert answers == [(Result.ERROR_CONNECTION, "")]


def callback_arguments(start):
    arrived = threading.Event()
    answers = []
    start(lambda *a: (answers.append(a), arrived.set()))
    assert arrived.wait(10)
    return answers[0]


def test_a_failed_live_join_gets_an_event_object(tmp_path):
    result, event = callback_arguments(
        lambda cb: omni.client.live_join_session_with_callback(f"{tmp_path}/a.live", "app", cb))
    assert result != Result.OK
    assert isinstance(event, LiveSessionEvent)
    assert (event.event_type, event.user_name, event.message_data, event.message_size) == (
        LiveSessionEventType.CONNECTION, "", b"", 0)


def test_a_failed_live_read_gets_empty_content(tmp_path):
    result, object_id, sequence_num, content = callback_arguments(
        lambda cb: omni.client.live_read_with_callback(f"{tmp_path}/a.live", callback=cb))
    assert result != Result.OK and (object_id, sequence_num) == (0, 0)
    assert isinstance(content, omni.client.Content) and len(content) == 0 and bytes(content) == b""
