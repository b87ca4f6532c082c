"""Grant a user read and write on a folder (set_acls), keeping the entries already there."""

import os

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
url = URL + os.environ["OMNI_TEST_PATH"]
r, entries = oc.get_acls(url)
entries = list(entries) + [oc.AclEntry(os.environ["OMNI_TEST_GRANT"],
                                       oc.AccessFlags.READ | oc.AccessFlags.WRITE)]
finish({"get": name(r), "set": name(oc.set_acls(url, entries))})
