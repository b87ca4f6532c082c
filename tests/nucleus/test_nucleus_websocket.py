"""The client's WebSocket framing against a server that misbehaves or uses the protocol's corners:
a loopback server answers every upgrade, then plays one scenario (a ping, a close, an absurd frame
length) and records what the client sends back."""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
import threading

import omni.client

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def read_client_frame(conn) -> tuple[int, bytes]:
    """One frame from the client: (opcode, unmasked payload); the client must mask every frame."""
    head = recv_exactly(conn, 2)
    size = head[1] & 0x7F
    assert head[1] & 0x80, "a client frame without a mask"
    if size == 126:
        size = struct.unpack(">H", recv_exactly(conn, 2))[0]
    elif size == 127:
        size = struct.unpack(">Q", recv_exactly(conn, 8))[0]
    key = recv_exactly(conn, 4)
    payload = recv_exactly(conn, size)
    return head[0] & 0x0F, bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def recv_exactly(conn, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


class ScenarioServer:
    """Accepts connections; answers a WebSocket upgrade with 101, then runs `scenario(conn)` and
    keeps what it returns in `results` (anything else, e.g. a TLS hello, is hung up on)."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.results = []
        self.done = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.one, args=(conn,), daemon=True).start()

    def one(self, conn):
        with conn:
            conn.settimeout(10)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk or not (head + chunk).startswith(b"GET "[:len(head + chunk)]):
                    return  # not an HTTP request: the client's TLS attempt on this port
                head += chunk
            key = next(line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                       if line.lower().startswith(b"sec-websocket-key:"))
            accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
            try:
                self.results.append(self.scenario(conn))
            except (EOFError, OSError) as e:
                self.results.append(e)
            self.done.set()

    def close(self):
        self.listener.close()


def run(scenario):
    server = ScenarioServer(scenario)
    try:
        result, _ = omni.client.stat(f"omniverse://127.0.0.1:{server.port}/x")
        assert server.done.wait(10)
        return result, server.results[0]
    finally:
        server.close()


def frames_until(conn, opcode: int) -> bytes:
    """The payload of the client's first frame with `opcode` (its requests come before)."""
    while True:
        op, payload = read_client_frame(conn)
        if op == opcode:
            return payload


def test_a_ping_is_answered_with_a_masked_pong_of_the_same_payload():
    def scenario(conn):
        conn.sendall(b"\x89\x05hello")
        return frames_until(conn, 0xA)

    _, pong = run(scenario)
    assert pong == b"hello"


def test_a_ping_between_the_fragments_of_a_message_is_answered():
    def scenario(conn):
        conn.sendall(b"\x02\x02ab" + b"\x89\x03mid" + b"\x80\x01c")  # binary "ab", ping, last fragment "c"
        return frames_until(conn, 0xA)

    _, pong = run(scenario)
    assert pong == b"mid"


def test_a_close_from_the_server_is_answered_with_its_status_then_the_socket_closes():
    def scenario(conn):
        conn.sendall(b"\x88\x02\x03\xe8")  # close, 1000
        payload = frames_until(conn, 0x8)
        return payload, conn.recv(1)

    result, (payload, after) = run(scenario)
    assert payload == b"\x03\xe8"
    assert after == b""  # then the client hangs up
    assert result != omni.client.Result.OK


def test_an_absurd_frame_length_closes_the_connection_cleanly():
    def scenario(conn):
        conn.sendall(b"\x82\x7f" + struct.pack(">Q", (1 << 63) - 1) + b"x" * 100)
        while conn.recv(65536):  # the client stops reading and hangs up
            pass
        return "hung up"

    result, outcome = run(scenario)
    assert outcome == "hung up"
    assert result != omni.client.Result.OK
    # The client goes on working: another server, another connection.
    _, pong = run(lambda conn: (conn.sendall(b"\x89\x02ok"), frames_until(conn, 0xA))[1])
    assert pong == b"ok"


def test_a_masked_frame_from_the_server_closes_the_connection():
    def scenario(conn):
        conn.sendall(b"\x82\x81\x01\x02\x03\x04\x79")
        while conn.recv(65536):
            pass
        return "hung up"

    result, outcome = run(scenario)
    assert outcome == "hung up" and result != omni.client.Result.OK
