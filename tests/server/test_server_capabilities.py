"""The capabilities the server announces in ``authorize_token``: derived from the method
registry, pinned here to the list the server announced when it was still kept by hand, so
that a method added, dropped or re-versioned changes it only on purpose."""

from omni.server.methods import METHODS, capabilities

# method -> version of its IDL contract, as announced before the registry existed
ANNOUNCED = {
    "auth": 2, "create_object": 0, "read_object_version": 0, "subscribe_read_object": 1,
    "update": 1, "update_object": 0,
    "authorize_token": 4, "ping": 0, "set_user_agent": 0, "stat2": 2, "list": 5, "list2": 5,
    "subscribe_list": 4, "create": 2, "create_directory": 1, "create_asset": 2, "update_asset": 2,
    "create_asset_with_hash": 2, "update_asset_with_hash": 2, "set_path_options": 1,
    "set_path_options2": 0, "read": 2, "read_asset_version": 0, "delete": 0, "delete2": 1,
    "copy": 2, "copy2": 2, "rename": 2, "rename2": 1, "get_acl": 0, "change_acl": 0,
    "get_acl_v2": 0, "set_acl_v2": 0, "get_acl_resolved": 0, "undelete": 0, "obliterate": 0,
    "list_deleted": 0, "lock": 3, "unlock": 2, "subscribe_read_asset": 2,
    "subscribe_server_notifications": 0, "get_mount_info": 0, "checkpoint_version": 2,
    "get_checkpoints": 1, "get_branches": 1, "replace_version": 1, "get_users": 0, "get_groups": 0,
    "get_group_users": 0, "get_user_groups": 0, "create_group": 0, "rename_group": 0,
    "remove_group": 0, "add_user_to_group": 0, "remove_user_from_group": 0,
}
# answered, but not announced: the original client sends them right after authorize_token
# whatever the server lists
UNANNOUNCED = {"omni_objects2", "versioning"}


def test_the_registry_announces_the_pinned_list():
    assert capabilities() == ANNOUNCED


def test_every_registered_method_is_announced_but_the_unversioned_ones():
    assert set(METHODS) == set(ANNOUNCED) | UNANNOUNCED
    assert {name for name, m in METHODS.items() if m.version is None} == UNANNOUNCED


async def test_a_server_announces_the_registry_and_answers_every_announced_method(admin):
    assert admin.auth["server_capabilities"] == ANNOUNCED
    for name in ANNOUNCED:
        if METHODS[name].subscription:
            continue  # stays open: answered only on a change
        req_id = admin.start(name)
        answer, _ = await admin.next(req_id, name)
        del admin.pending[req_id]
        assert answer["status"] != "INVALID_COMMAND", name
