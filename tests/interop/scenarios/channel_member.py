"""One member of a channel or live session, driven by JSON lines on stdin; each command is
answered by one ``RESULT <json>`` line on stdout.  Also run with our client (the same
calls), so that both kinds of member meet in one room.

Commands: ``join {url}``; ``send {data (base64)}``; ``send_many {count}`` (payloads
``b"0"``..., back to back, then waits for them all); ``events`` (what came so far:
``[result, event, user, size, sha256]``); ``flags {url}`` (a stat's flags); ``leave``;
``create_folder {url}``; ``delete {url}``; ``set_acls {url, entries: [[name, bits]]}``;
``session_create {url, name}``; ``session_list {url}``; ``session_join {url, app}``;
``session_send {data}``; ``session_events``; ``session_leave``; ``quit``.
"""

import base64
import hashlib
import threading

import omni.client as oc
from member_io import serve

_registrations = []
events, session_events = [], []
lock = threading.Lock()
joined = threading.Event()
state = {}


def on_channel(result, event, user, content):
    data = bytes(memoryview(content)) if content is not None else b""
    with lock:
        events.append([result.name, event.name, user, len(data), hashlib.sha256(data).hexdigest()])
    joined.set()


def on_session(result, event):
    data = bytes(memoryview(event.message_data)) if event.message_data is not None else b""
    with lock:
        session_events.append([result.name, event.event_type.name, event.connection_id,
                               event.user_name, event.app_name, data.decode(errors="replace")])
    joined.set()


def wait_all(requests, results):
    for request in requests:
        request.wait()
    return sorted(set(results))


def run(cmd):
    op = cmd["op"]
    if op == "join":
        joined.clear()
        state["join"] = oc.join_channel_with_callback(cmd["url"], on_channel)
        joined.wait(20)
        return {"joined": joined.is_set()}
    if op == "send":
        return {"result": oc.send_message(state["join"].id, base64.b64decode(cmd["data"])).name}
    if op == "send_many":
        results = []
        requests = [oc.send_message_with_callback(state["join"].id, b"%d" % i,
                                                  lambda r: results.append(r.name))
                    for i in range(cmd["count"])]
        return {"results": wait_all(requests, results)}
    if op == "events":
        with lock:
            return {"events": list(events)}
    if op == "flags":
        result, entry = oc.stat(cmd["url"])
        return {"result": result.name, "flags": int(entry.flags) if entry else None}
    if op == "create_folder":
        return {"result": oc.create_folder(cmd["url"]).name}
    if op == "delete":
        return {"result": oc.delete(cmd["url"]).name}
    if op == "set_acls":
        entries = [oc.AclEntry(who, oc.AccessFlags(bits)) for who, bits in cmd["entries"]]
        return {"result": oc.set_acls(cmd["url"], entries).name}
    if op == "leave":
        state["join"].stop()  # its id stays: sending after leaving is an error to see
        return {}
    if op == "session_create":
        result, url = oc.live_create_session(cmd["url"], cmd["name"])
        return {"result": result.name, "url": url}
    if op == "session_list":
        result, infos = oc.live_list_sessions(cmd["url"])
        return {"result": result.name, "sessions": [
            [i.session_name, i.session_owner, i.session_url, i.modified_timestamp] for i in infos]}
    if op == "session_join":
        joined.clear()
        state["session"] = oc.live_join_session_with_callback(cmd["url"], cmd["app"], on_session)
        joined.wait(20)
        return {"joined": joined.is_set()}
    if op == "session_send":
        data = base64.b64decode(cmd["data"])
        return {"result": oc.live_send_message(state["session"].id, data).name}
    if op == "session_events":
        with lock:
            return {"events": list(session_events)}
    if op == "session_leave":
        state["session"].stop()
        return {}
    raise ValueError(op)


def main():
    serve(oc, run, _registrations)


if __name__ == "__main__":
    main()
