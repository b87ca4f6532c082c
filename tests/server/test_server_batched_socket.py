"""The server's WebSocket that writes a loop pass's messages at once (framing/batched.py),
read by aiohttp's client over a real socket on 127.0.0.1: every frame length form, text and
binary, the order kept, the answers before a close frame, a peer that does not read holding
the sender back, and a compressed socket going through aiohttp's own writer."""

import asyncio

import aiohttp
import pytest
from aiohttp import web

from omni.server.framing.batched import HIGH_WATER, BatchedWebSocket

# every length form of RFC 6455 (7-bit, 16-bit, 64-bit) and their edges
LENGTHS = [0, 1, 125, 126, 127, 65535, 65536, 65537, 3 << 20]


def messages() -> list:
    out = []
    for n in LENGTHS:
        out.append(bytes((i * 7 + n) % 256 for i in range(min(n, 256))) * (n // 256) +
                   bytes(range(n % 256)))
        out.append("é" * (n // 2) + "x" * (n % 2))  # n bytes of UTF-8
    return out


@pytest.fixture
async def serve():
    """Starts an aiohttp app on 127.0.0.1 whose WebSocket handler is ``handler(ws)``; yields
    a function taking the handler and returning the socket's URL."""
    runners = []

    async def start(handler):
        async def endpoint(request):
            ws = BatchedWebSocket()
            await ws.prepare(request)
            await handler(ws)
            return ws
        app = web.Application()
        app.router.add_get("/ws", endpoint)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}/ws"

    yield start
    for runner in runners:
        await runner.cleanup()


async def receive_all(ws) -> list:
    got = []
    async for msg in ws:
        assert msg.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY), msg
        got.append(msg.data)
    return got


async def test_messages_of_one_pass_arrive_whole_in_order_then_the_close(serve):
    sent = messages() + ["queued when the close is asked", b"and this"]

    async def handler(ws):
        for message in sent:  # one pass: nothing awaited but the queueing
            await ws.send_messages((message,))
        await ws.close(code=4000, message=b"done")

    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(await serve(handler), max_msg_size=0) as ws:
            got = await receive_all(ws)
            assert ws.close_code == 4000
    assert [type(m) for m in got] == [type(m) for m in sent]
    assert got == sent


async def test_a_peer_that_does_not_read_holds_the_sender_back(serve):
    chunk, count = b"z" * (1 << 20), 256  # 256 MiB, far over what the kernel buffers
    progress = {"sent": 0, "buffered": []}

    async def handler(ws):
        transport = ws._request.transport
        for _ in range(count):
            await ws.send_messages((chunk,))
            progress["sent"] += 1
            progress["buffered"].append(transport.get_write_buffer_size())
        await ws.close()

    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(await serve(handler), max_msg_size=0) as ws:
            await asyncio.sleep(0.5)  # not reading
            stalled_at = progress["sent"]
            assert stalled_at < count // 4, "the sender did not wait for the peer"
            assert max(progress["buffered"]) <= HIGH_WATER + len(chunk) + 64
            got = await receive_all(ws)
    assert progress["sent"] == count and len(got) == count
    assert all(m == chunk for m in got)


async def test_a_compressed_socket_goes_through_aiohttps_writer(serve):
    sent = messages()

    async def handler(ws):
        assert ws.compress  # negotiated: the client offered permessage-deflate
        for message in sent:
            await ws.send_messages((message,))
        await ws.close()

    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(await serve(handler), compress=15, max_msg_size=0) as ws:
            got = await receive_all(ws)
    assert got == sent


async def test_sending_on_a_closed_socket_raises_connection_reset(serve):
    outcome = asyncio.get_running_loop().create_future()

    async def handler(ws):
        await ws.close()
        try:
            await ws.send_messages(("late",))
        except ConnectionResetError:
            outcome.set_result("refused")
        else:
            outcome.set_result("sent")

    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(await serve(handler)) as ws:
            assert await receive_all(ws) == []
    assert await outcome == "refused"
