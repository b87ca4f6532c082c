"""Watch a folder with list_subscribe, a file with stat_subscribe and a name with
resolve_subscribe while another client (another process) changes them; print every
event as it came, once the driver says it is done (OMNI_TEST_FLAG)."""

import os
import time

import omni.client as oc
from common import URL, finish, name, ready_then_wait_for_flag, setup, wait_until

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
ready_then_wait_for_flag(120)
# until the last event (the deletion of b.usd) or give up
wait_until(lambda: ["OK", "DELETED", "b.usd"] in listed, 20)
time.sleep(0.3)
for sub in subs:
    sub.stop()
finish({"listed": listed, "stated": stated, "resolved": resolved})
