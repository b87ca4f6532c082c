"""ACLs, users and groups, as the administrator."""

import os

import omni.client as oc
from common import URL, finish, name, setup

setup(os.environ["OMNI_TEST_USER"], os.environ["OMNI_TEST_PASSWORD"])
out = {}
shared = URL + "/Shared"
out["mkdir"] = name(oc.create_folder(shared))
out["write"] = name(oc.write_file(shared + "/doc.txt", b"shared doc"))
out["mkdir_private"] = name(oc.create_folder(URL + "/Private"))
out["write_private"] = name(oc.write_file(URL + "/Private/secret.txt", b"secret"))


def acls(url):
    r, entries = oc.get_acls(url)
    return [name(r), sorted([e.name, int(e.access)] for e in entries)]


out["acls_initial"] = acls(shared)
out["set_acls"] = name(oc.set_acls(shared, [
    oc.AclEntry(os.environ["OMNI_TEST_ADMIN"], oc.AccessFlags.READ | oc.AccessFlags.WRITE | oc.AccessFlags.ADMIN),
    oc.AclEntry("readers", oc.AccessFlags.READ),
    oc.AclEntry("writers", oc.AccessFlags.READ | oc.AccessFlags.WRITE)]))
out["acls_after"] = acls(shared)
out["acls_inherited"] = acls(shared + "/doc.txt")

r, users = oc.get_users(URL)
out["get_users"] = [name(r), sorted(users)]
for group in ("readers", "writers", "tmp"):
    out[f"create_group_{group}"] = name(oc.create_group(URL, group))
out["create_group_again"] = name(oc.create_group(URL, "tmp"))
out["add_reader"] = name(oc.add_user_to_group(URL, "rita", "readers"))
out["add_writer"] = name(oc.add_user_to_group(URL, "walt", "writers"))
out["add_tmp"] = name(oc.add_user_to_group(URL, "rita", "tmp"))
out["add_again"] = name(oc.add_user_to_group(URL, "rita", "tmp"))
out["add_unknown_user"] = name(oc.add_user_to_group(URL, "nobody", "tmp"))
r, groups = oc.get_groups(URL)
out["get_groups"] = [name(r), sorted(groups)]
r, members = oc.get_group_users(URL, "readers")
out["get_group_users"] = [name(r), sorted(members)]
r, groups = oc.get_user_groups(URL, "rita")
out["get_user_groups"] = [name(r), sorted(groups)]
out["rename_group"] = name(oc.rename_group(URL, "tmp", "tmp2"))
r, groups = oc.get_user_groups(URL, "rita")
out["groups_after_rename"] = [name(r), sorted(groups)]
out["remove_from_group"] = name(oc.remove_user_from_group(URL, "rita", "tmp2"))
out["remove_from_group_again"] = name(oc.remove_user_from_group(URL, "rita", "tmp2"))
r, count = oc.remove_group(URL, "tmp2")
out["remove_group"] = [name(r), count]
r, count = oc.remove_group(URL, "tmp2")
out["remove_group_again"] = name(r)
r, members = oc.get_group_users(URL, "no-such-group")
out["get_group_users_missing"] = name(r)
finish(out)
