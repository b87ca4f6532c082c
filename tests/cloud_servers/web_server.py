"""A plain web server for the generic http provider's tests, run as its own process:

  python web_server.py --port P --root FOLDER

Serves FOLDER's files (HEAD and GET, with Range, ETag and Last-Modified, as aiohttp does), and
/redirect/<path> → 302 to /<path>."""

from __future__ import annotations

import argparse
from pathlib import Path

from aiohttp import web


def make_app(root: Path) -> web.Application:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("/" + request.match_info["path"])

    async def serve(request: web.Request) -> web.StreamResponse:
        path = (root / request.match_info["path"]).resolve()
        if root not in path.parents or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    app = web.Application()
    app.router.add_get("/redirect/{path:.*}", redirect)
    app.router.add_get("/{path:.*}", serve)  # (HEAD too)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    web.run_app(make_app(Path(args.root).resolve()), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
