"""Cache coherence: list a folder, let another client change it, list again.

The original client serves list/stat from a cache that only our subscribe_list
events keep fresh."""

import os

import omni.client as oc
from common import URL, content, entry, finish, name, ready_then_wait_for_flag, setup, wait_until

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
folder = URL + "/Watched"
out = {}
events = []
r, entries = oc.list(folder)
out["before"] = [name(r), sorted(e.relative_path for e in entries)]
r, _ = oc.stat(folder + "/new.txt")
out["stat_new_before"] = name(r)
subscription = oc.list_subscribe_with_callback(
    folder, lambda result, entries: None,
    lambda result, event, e: events.append([name(result), event.name, e.relative_path]))
ready_then_wait_for_flag(60)
wanted = {("CREATED", "new.txt"), ("DELETED", "gone.txt"), ("UPDATED", "changed.txt")}
# until the events have arrived (or give up)
wait_until(lambda: wanted <= {(kind, path) for _, kind, path in events}, 30)
r, entries = oc.list(folder)
out["after"] = [name(r), sorted(e.relative_path for e in entries)]
r, e = oc.stat(folder + "/new.txt")
out["stat_new_after"] = [name(r), entry(e)["size"]]
r, _ = oc.stat(folder + "/gone.txt")
out["stat_gone_after"] = name(r)
r, _, c = oc.read_file(folder + "/changed.txt")
out["read_changed"] = [name(r), content(c).decode()]
out["events"] = events
subscription.stop()
finish(out)
