"""A loopback TCP proxy that records what a client sends: ConnLib commands, SOWS calls and LFT
HTTP requests (method names and parameters), for comparing two clients on the wire."""

from __future__ import annotations

import json
import socket
import struct
import threading


class WireProxy:
    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.records = []  # (kind, name, params) in arrival order
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"omniverse://127.0.0.1:{self.port}"

    def close(self):
        self.closed = True
        self.listener.close()

    def _record(self, kind, name, params):
        with self.lock:
            self.records.append((kind, name, params))

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._client_side, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _client_side(self, src, dst):
        """Forward client bytes, parsing HTTP requests and WebSocket frames as they pass."""
        buf = b""
        websocket = None  # None until the first request: then the upgrade path, or False for HTTP
        message, opcode = b"", 0
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
                buf += data
                while True:
                    if websocket:
                        frame = _frame(buf)
                        if frame is None:
                            break
                        fin, op, payload, used = frame
                        buf = buf[used:]
                        if op in (1, 2):
                            message, opcode = payload, op
                        elif op == 0:
                            message += payload
                        else:
                            continue
                        if fin:
                            self._message(websocket, message)
                        continue
                    end = buf.find(b"\r\n\r\n")
                    if end < 0:
                        break
                    head = buf[:end].decode("latin-1").split("\r\n")
                    method, path, _ = (head[0].split(" ") + ["", "", ""])[:3]
                    headers = {k.strip().lower(): v.strip() for k, v in
                               (h.split(":", 1) for h in head[1:] if ":" in h)}
                    length = int(headers.get("content-length", "0") or 0)
                    if len(buf) < end + 4 + length:
                        break
                    body = buf[end + 4:end + 4 + length]
                    buf = buf[end + 4 + length:]
                    if headers.get("upgrade", "").lower() == "websocket":
                        websocket = path
                        self._record("upgrade", path, {"user_agent": "User-Agent" if "user-agent" in headers else None})
                    else:
                        keep = {k: headers[k] for k in ("range", "content-start", "content-type") if k in headers}
                        if method == "POST":
                            keep["body"] = body.decode("utf-8", "replace")
                        self._record("http", f"{method} {_lft_path(path)}", keep)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _message(self, path, message):
        if path.endswith("/connlib"):
            raw = message.split(b"\x00", 1)[0]
            try:
                obj = json.loads(raw)
            except ValueError:
                return
            command = obj.pop("command", "?")
            obj.pop("id", None)
            if b"\x00" in message:
                obj["<tail bytes>"] = len(message) - len(raw) - 1
            self._record("connlib", command, obj)
        elif message[:1] == b"\x01":
            end = message.find(b"\x00", 5)
            method = message[5:end].decode("utf-8", "replace")
            (length,) = struct.unpack_from("<I", message, end + 1)
            params = json.loads(message[end + 5:end + 5 + length] or b"{}")
            self._record("sows", method, params)


def _lft_path(path: str) -> str:
    parts = path.split("/")
    # a download ticket is random: keep only the route
    return "/".join(parts[:4] + (["<ticket>"] if len(parts) > 4 and parts[4] else parts[4:5]))


def _frame(buf: bytes):
    if len(buf) < 2:
        return None
    fin = bool(buf[0] & 0x80)
    op = buf[0] & 0x0F
    masked = bool(buf[1] & 0x80)
    length = buf[1] & 0x7F
    at = 2
    if length == 126:
        if len(buf) < 4:
            return None
        (length,) = struct.unpack_from(">H", buf, 2)
        at = 4
    elif length == 127:
        if len(buf) < 10:
            return None
        (length,) = struct.unpack_from(">Q", buf, 2)
        at = 10
    mask = b""
    if masked:
        if len(buf) < at + 4:
            return None
        mask = buf[at:at + 4]
        at += 4
    if len(buf) < at + length:
        return None
    payload = buf[at:at + length]
    if masked:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return fin, op, payload, at + length
