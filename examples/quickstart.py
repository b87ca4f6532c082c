"""A tour of omni.client: the three calling conventions on URLs and local files.

Run it with scripts/quickstart.sh (which installs everything first).
"""

import asyncio
import os
import tempfile
import threading

import omni.client


def show(label, value):
    print(f"  {label:<44} {value}")


def urls():
    print("URL functions")
    url = omni.client.break_url("omniverse://example.com:3009/Projects/scene.usd?&3#prim")
    show("break_url(...).host, .port, .path", (url.host, url.port, url.path))
    show("combine_urls", omni.client.combine_urls("omniverse://example.com/a/b.usd", "../c/d.usd"))
    show("normalize_url", omni.client.normalize_url("http://example.com:80/a/./b/../c"))
    show("make_file_url", omni.client.make_file_url("/tmp/my file.usd"))


def local_files(folder):
    print(f"Local files in {folder}")
    path = omni.client.join(omni.client.make_file_url(folder), "hello.txt")

    # 1. Blocking: returns the answer.
    show("write_file (blocking)", omni.client.write_file(path, b"hello, omni.client"))
    result, entry = omni.client.stat(path)
    show("stat (blocking)", (result, entry.size))

    # 2. With a callback: returns a Request at once; the callback runs on the library's thread.
    done = threading.Event()

    def on_list(result, entries):
        show("list_with_callback", (result, [e.relative_path for e in entries]))
        done.set()

    request = omni.client.list_with_callback(omni.client.make_file_url(folder), on_list)
    request.wait()
    done.wait(5)

    # 3. Async: awaitable on your event loop.
    async def read_async():
        result, version, content = await omni.client.read_file_async(path)
        show("read_file_async", (result, bytes(memoryview(content))))

    asyncio.run(read_async())


def main():
    print(f"omni.client {omni.client.get_version()}")
    urls()
    with tempfile.TemporaryDirectory() as folder:
        local_files(folder)
    omni.client.shutdown()


if __name__ == "__main__":
    main()
