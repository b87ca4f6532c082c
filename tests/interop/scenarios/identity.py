"""Log in (user/password, API token or device flow) and report what works."""

import json
import os
import threading
import urllib.parse
import urllib.request

import omni.client as oc
from common import URL, _registrations, content, finish, name, setup

mode = os.environ.get("OMNI_TEST_MODE", "password")
out = {}
if mode == "device":
    setup()
    approved = threading.Event()

    def on_device_flow(handle, params):
        # approve through the server's device page, as a person in a browser would
        form = urllib.parse.urlencode({"code": params.code, "username": os.environ["OMNI_TEST_USER"],
                                       "password": os.environ["OMNI_TEST_PASSWORD"]}).encode()
        out["device_url"] = params.url
        out["device_code_format"] = len(params.code)
        with urllib.request.urlopen(params.url.split("?")[0], data=form, timeout=10) as resp:
            out["approve_status"] = resp.status
        approved.set()

    _registrations.append(oc.register_device_flow_auth_callback(on_device_flow))
else:
    setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])

r, info = oc.get_server_info(URL)
out["connect"] = name(r)
out["username"] = info.username if info else None
out["auth_token"] = info.auth_token if info else None
r, token = oc.refresh_auth_token(URL)
out["refresh"] = [name(r), token]
r, info = oc.get_server_info(URL)
out["auth_token_after_refresh"] = info.auth_token if info else None
path = os.environ.get("OMNI_TEST_PATH")
if path:
    out["write"] = name(oc.write_file(URL + path, b"written by " + mode.encode()))
    r, _, c = oc.read_file(URL + path)
    out["read"] = [name(r), content(c).decode(errors="replace")]
finish(out)
