"""The events a write makes subscribers hear, written by whichever client runs this script
(NVIDIA's in the interop virtualenv, ours from the checkout): a list and a stat subscriber while
a file is rewritten and a new one written, and a list subscription opened right after a write."""

import os
import time

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
folder = URL + "/" + os.environ["OMNI_TEST_FOLDER"]
out = {"first": name(oc.write_file(folder + "/old.txt", b"1"))}
time.sleep(0.5)  # the first write's events are over
heard, late = [], []
subscriptions = [
    oc.list_subscribe_with_callback(folder, lambda *a: None,
                                    lambda result, event, e: heard.append(["list", event.name, e.relative_path])),
    oc.stat_subscribe_with_callback(folder + "/old.txt", lambda *a: None,
                                    lambda result, event, e: heard.append(["stat", event.name, e.relative_path])),
]
time.sleep(0.5)  # their first answers
out["rewrite"] = name(oc.write_file(folder + "/old.txt", b"22"))
out["new"] = name(oc.write_file(folder + "/new.txt", b"3"))
subscriptions.append(oc.list_subscribe_with_callback(folder, lambda *a: None,
                                                     lambda result, event, e: late.append([event.name, e.relative_path])))
time.sleep(1.5)  # what each subscriber hears
for subscription in subscriptions:
    subscription.stop()
out["heard"] = heard
out["late"] = late
finish(out)
