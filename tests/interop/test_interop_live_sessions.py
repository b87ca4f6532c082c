"""Live sessions through our server, with the original client, ours, and one of each (ours
creates, the original lists): one user creates a session on a layer, another lists it
(owner, URL, time in ns), both join with their app names and see each other (CONNECTION,
JOINED, MESSAGE, LEFT), messages go both ways.  The server knows nothing of sessions:
folders, a ``__session__.toml`` and a channel.  Ours also names the user and app of a
MESSAGE and a LEFT (the original leaves them empty, though its documentation promises them)."""

import base64
import time

import pytest

from members import Member


@pytest.fixture(params=["original", "ours", "mixed"])
def people(request, server):
    """Alice and Bob (original clients, ours, or Alice ours and Bob original), who may write
    in /Live (where the session's folders, files and channel are)."""
    mix = request.param
    users = (f"sess-alice-{mix}", f"sess-bob-{mix}")
    for user in users:
        server.add_user(user, f"{user}-pw")
    # only rooms with an original client need it installed
    client_python = None if mix == "ours" else request.getfixturevalue("client_python")
    granter = Member(client_python, server, server.admin_user, server.admin_password, ours=mix == "ours")
    try:
        assert granter.call("create_folder", url=server.url + f"/Live-{mix}")["result"] == "OK"
        assert granter.call("set_acls", url=server.url + f"/Live-{mix}/", entries=[
            [server.admin_user, 7], [users[0], 3], [users[1], 3]])["result"] == "OK"
    finally:
        granter.close()
    made = [Member(client_python, server, user, f"{user}-pw",
                   ours=mix == "ours" or (mix == "mixed" and user == users[0]))
            for user in users]
    for member, user in zip(made, users):
        member.user, member.folder = user, f"/Live-{mix}"
    yield made
    for member in made:
        member.close()


def test_two_users_in_one_session(server, people):
    alice, bob = people
    base = alice.folder + "/stage.usd"
    before_ns = time.time_ns()
    created = alice.call("session_create", url=server.url + base, name="sess1")
    session_url = server.url + alice.folder + "/.live/stage.live/sess1.live"
    assert created == {"result": "OK", "url": session_url}
    listed = bob.call("session_list", url=server.url + base)
    assert listed["result"] == "OK"
    [[name, owner, url, modified_ns]] = listed["sessions"]
    assert (name, owner, url) == ("sess1", alice.user, session_url)
    assert before_ns // 10**9 - 1 <= modified_ns / 1e9 <= time.time() + 1  # seconds x 1e9

    assert alice.call("session_join", url=session_url, app="appA")["joined"]
    [connection] = alice.session_events(lambda e: bool(e))
    assert connection[:2] == ["OK", "CONNECTION"]
    alice_id = connection[2]
    assert bob.call("session_join", url=session_url, app="appB")["joined"]
    seen = bob.session_events(lambda e: any(k == "JOINED" for _, k, *_ in e))
    assert seen[0][:2] == ["OK", "CONNECTION"]
    bob_id = seen[0][2]
    assert ["OK", "JOINED", alice_id, alice.user, "appA", ""] in seen
    seen = alice.session_events(lambda e: any(k == "JOINED" for _, k, *_ in e))
    assert ["OK", "JOINED", bob_id, bob.user, "appB", ""] in seen

    for sender, receiver, text in ((alice, bob, "from alice"), (bob, alice, "nul\0inside"),
                                   (alice, bob, "")):
        data = base64.b64encode(text.encode()).decode()
        assert sender.call("session_send", data=data)["result"] == "OK"
        got = receiver.session_events(
            lambda e: any(k == "MESSAGE" and d == text for _, k, _, _, _, d in e))
        from_id = alice_id if sender is alice else bob_id
        assert [m[2] for m in got if m[1] == "MESSAGE" and m[5] == text] == [from_id]
        if receiver.ours:
            named = [m[3:5] for m in got if m[1] == "MESSAGE" and m[5] == text]
            assert named == [[sender.user, "appA" if sender is alice else "appB"]]

    bob.call("session_leave")
    seen = alice.session_events(lambda e: any(k == "LEFT" for _, k, *_ in e))
    assert [m[:3] for m in seen if m[1] == "LEFT"] == [["OK", "LEFT", bob_id]]
    if alice.ours:
        assert [m[3:5] for m in seen if m[1] == "LEFT"] == [[bob.user, "appB"]]
    assert bob.call("session_send", data="")["result"] == "ERROR_NOT_FOUND"
