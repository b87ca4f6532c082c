"""A forward proxy for the tests, run as its own process:

  python proxy.py --port P --cert server.pem --key server.key --route .s3.us-west-2.amazonaws.com=PORT ...

- CONNECT host:port for a routed host suffix: answers 200, terminates TLS with the test
  certificate, and relays each HTTP/1.1 request to 127.0.0.1:PORT (the Host header kept, so moto
  sees the virtual-hosted bucket and Azurite the account). Other hosts are refused (403): nothing
  leaves the machine.
- CONNECT 127.0.0.1:port (or [::1], localhost) is logged and tunnelled to that loopback port as it
  is (a WebSocket server's, for omniverse://); its faults: 403 (refused), drop (closed unanswered),
  garbage (an answer that is not HTTP), partial (the start of a 200, then nothing), slow (the 200 answer a few bytes at a time, then the tunnel).
- An absolute-form request (GET http://127.0.0.1:P/...) to a loopback host is relayed as a plain
  HTTP proxy would; one for a routed host (GET https://acct.blob.core.windows.net/...: what
  Azurite's own HTTP client sends to check a copy source) goes to that host's backend.
- Control, on the proxy's own address: GET /_control/fault?kind=503|429|stall|drop|pending&count=N[&seconds=S]
  [&path=SUBSTRING] makes the next N matching requests fail so (pending: relayed, but an Azure
  `x-ms-copy-status: success` in the answer says `pending`, as the real service does for large copies); /_control/log returns the requests
  relayed or failed since the last /_control/clear as JSON lines (method, target, host, headers, fault).
- With --tunnel (the benchmark's: backends that speak TLS themselves), CONNECT for a routed host only
  relays the bytes both ways: no TLS, no parsing, no log, no faults, as little cost as a Python
  process can add.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import ssl
import urllib.parse

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class State:
    def __init__(self, routes: dict[str, int], tls: ssl.SSLContext, tunnel: bool = False):
        self.routes = routes
        self.tls = tls
        self.tunnel = tunnel
        self.faults: list[dict] = []
        self.log: list[dict] = []

    def route(self, host: str) -> int | None:
        for suffix, port in self.routes.items():
            if host.endswith(suffix) or host == suffix.lstrip("."):
                return port
        return None

    def take_fault(self, target: str) -> dict | None:
        for fault in self.faults:
            if fault["count"] > 0 and fault.get("path", "") in target:
                fault["count"] -= 1
                return fault
        return None


async def read_head(reader: asyncio.StreamReader) -> bytes | None:
    try:
        return await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None


def parse_head(head: bytes) -> tuple[str, list[tuple[str, str]]]:
    lines = head.decode("latin-1").split("\r\n")
    headers = []
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.append((name.strip(), value.strip()))
    return lines[0], headers


def header(headers, name: str) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


async def copy_exactly(reader, writer, size: int) -> None:
    while size > 0:
        chunk = await reader.read(min(size, 1 << 20))
        if not chunk:
            raise ConnectionError("short body")
        writer.write(chunk)
        await writer.drain()
        size -= len(chunk)


async def copy_chunked(reader, writer) -> None:
    while True:
        line = await reader.readuntil(b"\r\n")
        writer.write(line)
        size = int(line.split(b";")[0].strip(), 16)
        if size == 0:
            while True:  # trailers, then the empty line
                trailer = await reader.readuntil(b"\r\n")
                writer.write(trailer)
                if trailer == b"\r\n":
                    break
            await writer.drain()
            return
        await copy_exactly(reader, writer, size + 2)


async def relay_body(headers, reader, writer, *, request: bool, no_body: bool = False) -> bool:
    """Copies one message body; False when its end is the connection's end."""
    if no_body:
        return True
    if (header(headers, "transfer-encoding") or "").lower() == "chunked":
        await copy_chunked(reader, writer)
        return True
    length = header(headers, "content-length")
    if length is not None:
        await copy_exactly(reader, writer, int(length))
        return True
    if request:
        return True
    while chunk := await reader.read(1 << 20):
        writer.write(chunk)
        await writer.drain()
    return False


async def answer(writer, status: int, reason: str, body: bytes = b"", close: bool = False) -> None:
    extra = "Connection: close\r\n" if close else ""
    writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body)
    await writer.drain()


async def serve_requests(state: State, reader, writer, first_head: bytes | None, backend_port: int | None) -> None:
    """Relays requests from one client connection until it closes."""
    backend = None
    head = first_head
    try:
        while True:
            if head is None:
                head = await read_head(reader)
                if head is None:
                    return
            request_line, headers = parse_head(head)
            method, target, _ = request_line.split(" ", 2)
            port = backend_port
            if target.startswith(("http://", "https://")):
                parts = urllib.parse.urlsplit(target)
                port = parts.port or 80 if parts.hostname in LOOPBACK else state.route(parts.hostname or "")
                if port is None:
                    await answer(writer, 403, "Forbidden", close=True)
                    return
                path = parts.path or "/"
                target = path + (("?" + parts.query) if parts.query else "")
                head = head.replace(request_line.encode("latin-1"), f"{method} {target} HTTP/1.1".encode("latin-1"), 1)
            fault = state.take_fault(target)
            state.log.append({"method": method, "target": target, "host": header(headers, "host"),
                              "headers": dict((k.lower(), v) for k, v in headers), "fault": fault and fault["kind"]})
            if fault and fault["kind"] != "pending":
                body_len = int(header(headers, "content-length") or 0)
                if body_len:
                    await reader.readexactly(body_len)
                kind = fault["kind"]
                if kind in ("503", "429", "500"):
                    await answer(writer, int(kind), "Injected")
                    head = None
                    continue
                if kind == "stall":
                    await asyncio.sleep(float(fault.get("seconds", 5)))
                return  # stall (then close) or drop
            if backend is None or backend[2] != port:
                if backend:
                    backend[1].close()
                r, w = await asyncio.open_connection("127.0.0.1", port)
                backend = (r, w, port)
            b_reader, b_writer, _ = backend
            if (header(headers, "expect") or "").lower() == "100-continue":
                # Answered here: the backend never sees the Expect, and the body follows at once.
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                await writer.drain()
                head = b"".join(line + b"\r\n" for line in head[:-4].split(b"\r\n")
                                if not line.lower().startswith(b"expect:")) + b"\r\n"
            b_writer.write(head)
            await relay_body(headers, reader, b_writer, request=True)
            await b_writer.drain()
            while True:  # interim 1xx answers come before the final one
                response_head = await read_head(b_reader)
                if response_head is None:
                    return
                if fault:  # pending
                    response_head = re.sub(rb"(?im)^(x-ms-copy-status:\s*)success", rb"\1pending", response_head)
                status_line, response_headers = parse_head(response_head)
                status = int(status_line.split(" ")[1])
                writer.write(response_head)
                if status >= 200:
                    break
            no_body = method == "HEAD" or status in (204, 304)
            if not await relay_body(response_headers, b_reader, writer, request=False, no_body=no_body):
                return
            await writer.drain()
            head = None
    except (ConnectionError, asyncio.IncompleteReadError, ValueError, ssl.SSLError):
        return
    finally:
        if backend:
            backend[1].close()
        writer.close()


async def control(state: State, writer, target: str) -> None:
    parts = urllib.parse.urlsplit(target)
    query = dict(urllib.parse.parse_qsl(parts.query))
    if parts.path == "/_control/fault":
        state.faults.append({"kind": query["kind"], "count": int(query.get("count", 1)),
                             "seconds": query.get("seconds", "5"), "path": query.get("path", "")})
        await answer(writer, 200, "OK", close=True)
    elif parts.path == "/_control/log":
        await answer(writer, 200, "OK", "\n".join(json.dumps(e) for e in state.log).encode(), close=True)
    elif parts.path == "/_control/clear":
        state.log.clear()
        state.faults.clear()
        await answer(writer, 200, "OK", close=True)
    else:
        await answer(writer, 404, "Not Found", close=True)
    writer.close()


async def pipe(reader, writer) -> None:
    try:
        while chunk := await reader.read(1 << 20):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def tunnel(reader, writer, port: int, slow: bool = False) -> None:
    try:
        backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    except OSError:
        await answer(writer, 502, "Bad Gateway", close=True)
        writer.close()
        return
    established = b"HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\n"
    for start in range(0, len(established), 5 if slow else len(established)):
        writer.write(established[start:start + (5 if slow else len(established))])
        await writer.drain()
        if slow:
            await asyncio.sleep(0.05)
    await asyncio.gather(pipe(reader, backend_writer), pipe(backend_reader, writer))


async def loopback_tunnel(state: State, reader, writer, head: bytes) -> None:
    request_line, headers = parse_head(head)
    target = request_line.split(" ")[1]
    fault = state.take_fault(target)
    state.log.append({"method": "CONNECT", "target": target, "host": header(headers, "host"),
                      "headers": dict((k.lower(), v) for k, v in headers), "fault": fault and fault["kind"]})
    kind = fault["kind"] if fault else None
    if kind == "403":
        await answer(writer, 403, "Forbidden", close=True)
    elif kind in ("garbage", "partial"):
        writer.write(b"SSH-2.0-NotAProxy\r\n\r\n" if kind == "garbage" else b"HTTP/1.1 200 Conn")
        await writer.drain()
        await asyncio.sleep(float(fault["seconds"]))  # held open: the client must not wait for more
    elif kind != "drop":
        return await tunnel(reader, writer, int(target.rsplit(":", 1)[1]), slow=kind == "slow")
    writer.close()


async def handle(state: State, reader, writer) -> None:
    head = await read_head(reader)
    if head is None:
        writer.close()
        return
    request_line, _ = parse_head(head)
    try:
        method, target, _ = request_line.split(" ", 2)
    except ValueError:
        writer.close()
        return
    if target.startswith("/_control/"):
        return await control(state, writer, target)
    if method == "CONNECT" and target.rsplit(":", 1)[0].strip("[]") in LOOPBACK:
        return await loopback_tunnel(state, reader, writer, head)
    if method == "CONNECT":
        host = target.rsplit(":", 1)[0]
        port = state.route(host)
        if port is None:
            await answer(writer, 403, "Forbidden", close=True)
            writer.close()
            return
        if state.tunnel:
            return await tunnel(reader, writer, port)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        try:
            await writer.start_tls(state.tls)
        except (ssl.SSLError, ConnectionError, OSError):
            writer.close()
            return
        return await serve_requests(state, reader, writer, None, port)
    await serve_requests(state, reader, writer, head, None)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--route", action="append", default=[], help="host-suffix=port")
    parser.add_argument("--tunnel", action="store_true", help="relay CONNECT tunnels to TLS backends as they are")
    args = parser.parse_args()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)
    routes = {suffix: int(port) for suffix, port in (r.split("=") for r in args.route)}
    state = State(routes, tls, args.tunnel)
    server = await asyncio.start_server(lambda r, w: handle(state, r, w), "127.0.0.1", args.port, limit=1 << 20)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
