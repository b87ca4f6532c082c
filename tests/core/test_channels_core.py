"""Channels in the core, whatever the provider: a join is a subscription whose callback gets
every event; send_message finds the channel from the join's request id, in all three calling
forms; a provider without channels (file:) refuses the join through the normal request path;
a message for a join never made, stopped or ended is ERROR_NOT_FOUND (as the original)."""

import asyncio
import threading

import omni.client as oc


def join(url):
    events, came = [], threading.Event()

    def on_event(result, event, sender, content):
        events.append((result, event, sender, bytes(memoryview(content)) if content is not None else b""))
        came.set()
    request = oc.join_channel_with_callback(url, on_event)
    assert came.wait(10)
    return request, events


def test_a_provider_without_channels_refuses_the_join(tmp_path):
    request, events = join((tmp_path / "chat.channel").as_uri())
    assert events == [(oc.Result.ERROR_NOT_SUPPORTED, oc.ChannelEvent.ERROR, "", b"")]
    request.wait()  # the refused join has ended: nothing to send to
    assert oc.send_message(request.id, b"hello") == oc.Result.ERROR_NOT_FOUND


def test_a_message_for_no_open_join_is_not_found(tmp_path):
    assert oc.send_message(987654321, b"to nobody") == oc.Result.ERROR_NOT_FOUND
    request, _ = join((tmp_path / "chat.channel").as_uri())
    request.stop()
    assert oc.send_message(request.id, b"after leaving") == oc.Result.ERROR_NOT_FOUND


def test_send_message_in_its_three_forms():
    got, done = [], threading.Event()
    oc.send_message_with_callback(1 << 40, b"x", lambda result: (got.append(result), done.set()))
    assert done.wait(10) and got == [oc.Result.ERROR_NOT_FOUND]
    assert asyncio.run(oc.send_message_async(1 << 41, bytearray(b"x"))) == oc.Result.ERROR_NOT_FOUND
    assert oc.send_message(1 << 42, memoryview(b"x")) == oc.Result.ERROR_NOT_FOUND
