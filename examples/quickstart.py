"""A tour of omni.client: the three calling conventions on URLs and local files.

Run it with scripts/quickstart.sh (which installs everything first).
"""

import asyncio
import os
import subprocess
import sys
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

    # Copy, move and delete, in each convention; parent folders are created as needed.
    copy = omni.client.join(omni.client.make_file_url(folder), "copies/hello copy.txt")
    moved = omni.client.join(omni.client.make_file_url(folder), "moved.txt")
    show("copy (blocking)", omni.client.copy(path, copy))
    show("move_async", asyncio.run(omni.client.move_async(copy, moved)))
    deleted = threading.Event()
    omni.client.delete_with_callback(moved, lambda result: (show("delete_with_callback", result), deleted.set())).wait()
    deleted.wait(5)

    # Subscriptions report changes made by anyone (here: this process, through plain Python).
    changed = threading.Event()
    seen = []

    def on_change(result, event, entry):
        seen.append((event, entry.relative_path))
        changed.set()

    listed = threading.Event()
    subscription = omni.client.list_subscribe_with_callback(folder, lambda result, entries: listed.set(), on_change)
    listed.wait(5)
    with open(os.path.join(folder, "new.txt"), "w") as f:
        f.write("written by plain Python")
    changed.wait(5)
    show("list_subscribe_with_callback saw", seen[:1])
    subscription.stop()


def nucleus():
    """omniverse:// against a local content server (our own, speaking Nucleus's protocol)."""
    try:
        from omni.server.testing import running_server
    except ImportError:
        print("omniverse:// section skipped: install the server extra (pip install .[server])")
        return
    with running_server() as server:
        base = server.url + "/Projects"
        print(f"omniverse:// on a local server at {server.url}")
        # Credentials: the newest registered callback is asked first (OMNI_USER/OMNI_PASS work too).
        login = omni.client.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
        show("write_file", omni.client.write_file(f"{base}/hello.usda", b"#usda 1.0\n"))
        result, entries = omni.client.list(base)
        show("list", (result, [e.relative_path for e in entries]))

        result, checkpoint = omni.client.create_checkpoint(f"{base}/hello.usda", "first version", True)
        if result == omni.client.Result.ERROR_NOT_SUPPORTED:
            show("create_checkpoint", "not supported by this server yet (skipped)")
        else:
            show("create_checkpoint", (result, checkpoint))

        events = []
        changed = threading.Event()

        def on_event(result, event, entry):
            events.append((event, entry.relative_path))
            changed.set()

        listed = threading.Event()
        subscription = omni.client.list_subscribe_with_callback(base, lambda result, entries: listed.set(), on_event)
        listed.wait(10)
        omni.client.write_file(f"{base}/second.usda", b"#usda 1.0\n")
        changed.wait(10)
        show("list_subscribe_with_callback saw", events)
        subscription.stop()

        result, version, content = omni.client.read_file(f"{base}/hello.usda")
        show("read_file", (result, version, bytes(memoryview(content))))
        channel(server)
        del login


# A second channel member, in a process of its own (members of one process share one
# connection, so they would not hear each other): it answers the first message and leaves.
OTHER_MEMBER = r"""
import sys, threading
import omni.client as oc
url, user, password = sys.argv[1:4]
login = oc.register_authentication_callback(lambda prefix: (user, password))
got = threading.Event()
join = oc.join_channel_with_callback(url, lambda result, event, sender, content: got.set()
                                     if event == oc.ChannelEvent.MESSAGE else None)
got.wait(20)
oc.send_message(join.id, b"hello back")
join.stop()
oc.shutdown()
"""


def channel(server):
    """Two members of a channel: JOIN / HELLO when they meet, MESSAGE, LEFT."""
    url = server.url + "/Projects/chat.channel"
    events, came = [], threading.Condition()

    def on_event(result, event, sender, content):
        with came:
            events.append((event.name, sender, bytes(memoryview(content)) if content is not None else b""))
            came.notify_all()

    def wait_for(kind):
        with came:
            came.wait_for(lambda: any(e[0] == kind for e in events), 20)

    join = omni.client.join_channel_with_callback(url, on_event)
    other = subprocess.Popen([sys.executable, "-c", OTHER_MEMBER, url, server.admin_user, server.admin_password])
    with came:
        came.wait_for(lambda: sum(e[0] == "JOIN" for e in events) >= 2, 20)  # ourselves (''), then the other
    show("send_message", omni.client.send_message(join.id, b"hello"))
    wait_for("MESSAGE")
    wait_for("LEFT")
    other.wait(20)
    show("join_channel_with_callback saw", events)
    join.stop()


def main():
    print(f"omni.client {omni.client.get_version()}")
    urls()
    with tempfile.TemporaryDirectory() as folder:
        local_files(folder)
    nucleus()
    omni.client.shutdown()


if __name__ == "__main__":
    main()
