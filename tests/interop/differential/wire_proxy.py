"""A loopback TCP proxy that records what a client sends: ConnLib commands, SOWS calls and LFT
HTTP requests (method names and parameters), for comparing two clients on the wire."""

from __future__ import annotations

import json
import struct
import threading

from omni.server.testing import TcpProxy


class WireProxy(TcpProxy):
    def __init__(self, upstream_port: int):
        self.records = []  # (kind, name, params) in arrival order
        self.record_lock = threading.Lock()
        super().__init__(upstream_port)

    def _record(self, kind, name, params):
        with self.record_lock:
            self.records.append((kind, name, params))

    def watch(self):
        return _ClientStream(self).feed

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


class _ClientStream:
    """One connection's client bytes: HTTP requests, then WebSocket frames after an upgrade."""

    def __init__(self, proxy: WireProxy):
        self.proxy = proxy
        self.buf = b""
        self.websocket = None  # None until the first request: then the upgrade path
        self.message = b""

    def feed(self, data: bytes) -> None:
        self.buf += data
        while True:
            if self.websocket:
                frame = _frame(self.buf)
                if frame is None:
                    return
                fin, op, payload, used = frame
                self.buf = self.buf[used:]
                if op in (1, 2):
                    self.message = payload
                elif op == 0:
                    self.message += payload
                else:
                    continue
                if fin:
                    self.proxy._message(self.websocket, self.message)
                continue
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buf[:end].decode("latin-1").split("\r\n")
            method, path, _ = (head[0].split(" ") + ["", "", ""])[:3]
            headers = {k.strip().lower(): v.strip() for k, v in
                       (h.split(":", 1) for h in head[1:] if ":" in h)}
            length = int(headers.get("content-length", "0") or 0)
            if len(self.buf) < end + 4 + length:
                return
            body = self.buf[end + 4:end + 4 + length]
            self.buf = self.buf[end + 4 + length:]
            if headers.get("upgrade", "").lower() == "websocket":
                self.websocket = path
                self.proxy._record("upgrade", path, {"user_agent": "User-Agent" if "user-agent" in headers else None})
            else:
                keep = {k: headers[k] for k in ("range", "content-start", "content-type") if k in headers}
                if method == "POST":
                    keep["body"] = body.decode("utf-8", "replace")
                self.proxy._record("http", f"{method} {_lft_path(path)}", keep)

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
