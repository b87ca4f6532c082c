"""Watch a folder with list_subscribe, a file with stat_subscribe and a name with
resolve_subscribe while another client (another process) changes them; print every
event as it came, once the driver says it is done (OMNI_TEST_FLAG)."""

import os
import time

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
folder = URL + os.environ["OMNI_TEST_BASE"]
listed, stated, resolved = [], [], []
r = oc.create_folder(folder)
subs = [
    oc.list_subscribe_with_callback(
        folder, lambda result, entries: None,
        lambda result, event, e: listed.append([name(result), event.name, e.relative_path])),
    oc.stat_subscribe_with_callback(
        folder + "/a.usd", lambda result, e: None,
        lambda result, event, e: stated.append([name(result), event.name, e.relative_path])),
    oc.resolve_subscribe_with_callback(
        "a.usd", [folder + "/"], lambda result, event, e, url: None,
        lambda result, event, e, url: resolved.append([name(result), event.name, url])),
]
time.sleep(0.5)
print("READY", flush=True)
flag = os.environ["OMNI_TEST_FLAG"]
deadline = time.time() + 120
while not os.path.exists(flag) and time.time() < deadline:
    time.sleep(0.05)
deadline = time.time() + 20  # until the last event (the deletion of b.usd) or give up
while ["OK", "DELETED", "b.usd"] not in listed and time.time() < deadline:
    time.sleep(0.05)
time.sleep(0.3)
for sub in subs:
    sub.stop()
finish({"listed": listed, "stated": stated, "resolved": resolved})
