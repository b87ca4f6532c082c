"""Discovery: ``DiscoverySearch.find`` over SOWS, at ``/omni/discovery`` and ``/``.

Tells the client where each service we implement lives.  Every service shares
one port; the URLs are built from the Host the client connected to.
"""

from __future__ import annotations

import json

from aiohttp import web

from .models import FindParams, SearchResult, make, parse
from .urls import AUTH_PATH, CONNLIB_PATH

CONNECTION_ORIGIN = "omni1.idl.ts"
AUTH_ORIGIN = "OmniAuth.idl.ts"
AUTH_SERVICES = ("Credentials", "Tokens", "DeviceFlow")


def _compact(obj: dict) -> str:
    return json.dumps(obj, separators=(",", ":"))


def search_result(request: web.Request, name: str, origin: str) -> dict:
    secure = request.secure
    if name == "Connection" and origin in ("", CONNECTION_ORIGIN):
        scheme = "wss" if secure else "ws"
        transport = {"name": "connlib",
                     "params": _compact({"url": f"{scheme}://{request.host}{CONNLIB_PATH}"}),
                     "meta": {}}
    elif name in AUTH_SERVICES and origin in ("", AUTH_ORIGIN):
        params = {"host": request.url.host, "port": request.url.port, "path": AUTH_PATH}
        transport = {"name": "sows", "params": _compact(params),
                     "meta": {"ssl": "true" if secure else "false", "serializer": "json",
                              "marshaller": "bs"}}
    else:
        return make(SearchResult, found=False, version=2)
    return make(SearchResult, found=True, version=2,
                service_interface={"origin": origin or CONNECTION_ORIGIN, "name": name},
                transport=transport, meta={})


def handlers(request: web.Request) -> dict:
    async def find(params: dict) -> dict:
        query = parse(FindParams, params)["query"]["service_interface"]
        return search_result(request, query["name"], query["origin"])

    return {"DiscoverySearch.find": find}
