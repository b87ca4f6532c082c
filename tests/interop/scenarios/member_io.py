"""The command loop of a member process (channel_member, live_object_member): JSON commands on
stdin, each answered by one ``RESULT <json>`` line on stdout."""

import json
import os
import sys


def answer(out):
    print("RESULT " + json.dumps(out), flush=True)


def serve(oc, run, registrations, extra=()):
    """Signs in as OMNI_TEST_USER (the registrations are kept in ``registrations``), says it is
    ready, then answers commands with ``run`` until ``quit`` or the end of stdin."""
    oc.set_retries(0, 0, 0)
    credentials = (os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
    registrations.append(oc.register_authentication_callback(lambda prefix: credentials))
    registrations.extend(register() for register in extra)
    answer({"ready": True})
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "quit":
            break
        answer(run(cmd))
    oc.shutdown()
