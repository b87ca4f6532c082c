"""How the original client logs in: password, API token, device flow, and failures."""


def test_password_login(server, scenario):
    server.add_user("pat", "pat-password")
    out = scenario("identity.py", server.url, "pat", "pat-password",
                   OMNI_TEST_PATH="/Users/pat/by-password.txt")
    assert out["connect"] == "OK" and out["username"] == "pat"
    assert out["write"] == "OK" and out["read"] == ["OK", "written by password"]
    # refresh_auth_token: Tokens.refresh gives a new access token, the connection stays up
    assert out["refresh"][0] == "OK" and out["refresh"][1] not in ("", out["auth_token"])
    assert out["auth_token_after_refresh"] == out["refresh"][1]


def test_wrong_password_is_refused(server, scenario):
    out = scenario("identity.py", server.url, server.admin_user, "not-the-password",
                   OMNI_TEST_PATH="/refused.txt")
    assert out["connect"] == "ERROR_CONNECTION"
    assert out["write"] == "ERROR_CONNECTION"


def test_api_token_login(server, scenario):
    server.add_user("tok", "tok-password")
    token = server.api_token("tok")
    out = scenario("identity.py", server.url, "$omni-api-token", token,
                   OMNI_TEST_MODE="token", OMNI_TEST_PATH="/Users/tok/by-token.txt")
    assert out["connect"] == "OK" and out["username"] == "tok"
    assert out["write"] == "OK" and out["read"] == ["OK", "written by token"]


def test_bad_api_token_is_refused(server, scenario):
    out = scenario("identity.py", server.url, "$omni-api-token", "made-up-token",
                   OMNI_TEST_MODE="token")
    assert out["connect"] == "ERROR_CONNECTION"


def test_device_flow_login(server, scenario):
    server.add_user("dev", "dev-password")
    out = scenario("identity.py", server.url, "dev", "dev-password", OMNI_TEST_MODE="device",
                   OMNI_TEST_PATH="/Users/dev/by-device.txt")
    assert out["approve_status"] == 200
    assert out["device_url"].startswith(server.http_url)
    assert out["connect"] == "OK" and out["username"] == "dev"
    assert out["write"] == "OK" and out["read"] == ["OK", "written by device"]
