"""Helpers for scenario scripts; these run inside the interop virtualenv, where
``omni.client`` is NVIDIA's original client (a black box under test)."""

import hashlib
import json
import os
import sys
import time

import omni.client as oc

URL = os.environ["OMNI_TEST_URL"]
_registrations = []  # the client drops callbacks whose Registration is collected


def setup(user=None, password=None):
    oc.set_retries(0, 0, 0)
    if os.environ.get("OMNI_TEST_DEBUG"):
        oc.set_log_level(oc.LogLevel.DEBUG)
        log = open(os.environ["OMNI_TEST_DEBUG"], "a")
        oc.set_log_callback(lambda thread, component, level, msg: log.write(msg + "\n"))
    if user is not None:
        _registrations.append(oc.register_authentication_callback(lambda prefix: (user, password)))


def wait_until(done, seconds):
    """Poll ``done()`` until it is true or ``seconds`` have passed."""
    deadline = time.time() + seconds
    while not done() and time.time() < deadline:
        time.sleep(0.05)


def ready_then_wait_for_flag(seconds):
    """Tell the driver (which reads our stdout) that the subscriptions are in place, then
    wait until it creates the file OMNI_TEST_FLAG: it has made its changes."""
    time.sleep(0.5)  # the subscriptions' first answers
    print("READY", flush=True)
    flag = os.environ["OMNI_TEST_FLAG"]
    wait_until(lambda: os.path.exists(flag), seconds)


def name(result):
    return result.name


def entry(e):
    return {"relative_path": e.relative_path, "access": int(e.access), "flags": int(e.flags),
            "size": e.size, "version": e.version, "created_by": e.created_by,
            "modified_by": e.modified_by, "modified_time": str(e.modified_time),
            "hash": e.hash}


def content(c):
    return bytes(memoryview(c))


def sha(data):
    return hashlib.sha256(data).hexdigest()


def finish(out):
    sys.stdout.write("\nRESULT " + json.dumps(out) + "\n")
    sys.stdout.flush()
    oc.shutdown()
