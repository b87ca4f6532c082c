"""The ``omni`` command, run as a process against a server the tests start: every subcommand,
its output for people and for scripts (--json), exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path


import omni.client

from tools_helpers import omni_command, omni_env

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

SUBCOMMANDS = ["ls", "stat", "cat", "cp", "mv", "rm", "undelete", "mkdir", "checkpoint", "acl", "lock",
               "unlock", "watch", "info", "login", "logout"]


def write(url: str, data: bytes) -> None:
    assert omni.client.write_file(url, data) == omni.client.Result.OK


def read(url: str) -> bytes:
    result, _, content = omni.client.read_file(url)
    assert result == omni.client.Result.OK, (url, result)
    return bytes(memoryview(content))


def json_lines(out: str) -> list:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- the command itself ------------------------------------------------------------------------

def test_the_console_script_is_declared_and_resolves_to_main():
    scripts = tomllib.loads(PYPROJECT.read_text())["project"]["scripts"]
    module, _, function = scripts["omni"].partition(":")
    assert (module, function) == ("omni.client.cli", "main")
    import omni.client.cli as cli
    assert callable(getattr(cli, function))


def test_help_of_the_command_and_of_every_subcommand_shows_examples():
    out = subprocess.run(omni_command("--help"), capture_output=True, text=True, env=omni_env(Path("/nonexistent")))
    assert out.returncode == 0 and "examples:" in out.stdout and "exit codes" in out.stdout
    for name in SUBCOMMANDS:
        assert name in out.stdout
        sub = subprocess.run(omni_command(name, "--help"), capture_output=True, text=True, env=omni_env(Path("/nonexistent")))
        assert sub.returncode == 0, name
        assert "examples:" in sub.stdout and f"omni {name}" in sub.stdout, name


def test_a_missing_argument_is_a_usage_error():
    out = subprocess.run(omni_command("cp", "only-one"), capture_output=True, text=True, env=omni_env(Path("/nonexistent")))
    assert out.returncode == 2 and "usage:" in out.stderr


def test_an_unknown_subcommand_is_a_usage_error_listing_every_one():
    out = subprocess.run(omni_command("--json", "copy", "a", "b"), capture_output=True, text=True,
                         env=omni_env(Path("/nonexistent")))
    assert out.returncode == 2 and "invalid choice: 'copy'" in out.stderr
    assert all(name in out.stderr for name in SUBCOMMANDS)


def test_a_subcommand_parses_the_same_with_its_parser_alone():
    import omni.client.cli as cli
    argv = ["--json", "-q", "cp", "-r", "-j", "3", "a", "b", "c/"]
    alone, every = cli.build_parser("cp").parse_args(argv), cli.build_parser().parse_args(argv)
    assert vars(alone) == vars(every)
    assert (alone.sources, alone.destination, alone.jobs, alone.json) == (["a", "b"], "c/", 3, True)
    assert cli._subcommand_in(argv) == "cp" and cli._subcommand_in(["-q", "nope"]) is None


# --- listing and reading ------------------------------------------------------------------------

def test_ls_names_long_format_recursive_and_json(omni_cli, folder):
    write(f"{folder}/a.txt", b"12345")
    write(f"{folder}/sub/b.txt", b"x" * 2048)
    out = omni_cli("ls", folder)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["a.txt", "sub/"]

    long = omni_cli("ls", "-l", folder)
    line = next(l for l in long.stdout.splitlines() if l.endswith("a.txt"))
    assert line.startswith("-") and "5 B" in line and "admin" in line

    recursive = omni_cli("--json", "ls", "-R", folder)
    records = json_lines(recursive.stdout)
    by_url = {r["url"]: r for r in records}
    assert by_url[f"{folder}/sub/b.txt"]["size"] == 2048
    assert by_url[f"{folder}/sub"]["type"] == "folder"
    assert by_url[f"{folder}/a.txt"]["version"]


def test_stat_json_carries_size_hash_and_version(omni_cli, folder):
    write(f"{folder}/a.bin", b"abc")
    out = omni_cli("--json", "stat", f"{folder}/a.bin")
    assert out.returncode == 0, out.stderr
    (record,) = json_lines(out.stdout)
    _, entry = omni.client.stat(f"{folder}/a.bin")
    assert record["size"] == 3 and record["type"] == "file"
    assert record["hash"] == entry.hash and record["version"] == entry.version


def test_cat_writes_the_exact_bytes(omni_cli, folder):
    data = bytes(range(256)) * 1000
    write(f"{folder}/data.bin", data)
    out = omni_cli("cat", f"{folder}/data.bin", text=False)
    assert out.returncode == 0 and out.stdout == data


# --- errors a person understands ----------------------------------------------------------------

def test_not_found_names_the_url_and_exits_3(omni_cli, folder):
    out = omni_cli("stat", f"{folder}/missing.txt")
    assert out.returncode == 3
    assert "missing.txt" in out.stderr and "not found" in out.stderr


def test_wrong_password_exits_5_with_wrong_credentials_at_once(omni_cli, admin, tmp_path):
    # (the library tries a request again for up to two minutes after a refused sign-in)
    out = omni_cli("ls", admin.url + "/", env=omni_env(tmp_path, OMNI_USER="admin", OMNI_PASS="not-the-password"),
                   timeout=30)
    assert out.returncode == 5, out.stderr
    assert "wrong credentials" in out.stderr


def test_no_credentials_in_a_script_exits_5_at_once_and_says_how_to_log_in(omni_cli, admin, tmp_path):
    out = omni_cli("ls", admin.url + "/", env=omni_env(tmp_path), timeout=30)
    assert out.returncode == 5, out.stderr
    assert "omni login" in out.stderr


def test_cannot_connect_names_the_url_and_exits_6(omni_cli, tmp_path):
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"omniverse://127.0.0.1:{port}/x"
    out = omni_cli("ls", url, env=omni_env(tmp_path, OMNI_USER="a", OMNI_PASS="b"), timeout=60)
    assert out.returncode == 6, out.stderr
    assert f"127.0.0.1:{port}" in out.stderr and "cannot connect" in out.stderr


def test_access_denied_exits_4(omni_cli, admin, folder, tmp_path):
    write(f"{folder}/private.txt", b"secret")
    acl = omni.client.get_acls(folder)[1]
    omni.client.set_acls(folder, [e for e in acl if e.name == "admin"] or [omni.client.AclEntry("admin", 7)])
    admin.add_user("mallory", "mallory-pw")
    out = omni_cli("cat", f"{folder}/private.txt", env=omni_env(tmp_path, OMNI_USER="mallory", OMNI_PASS="mallory-pw"))
    assert out.returncode == 4, (out.returncode, out.stderr)
    assert "access denied" in out.stderr and "secret" not in out.stdout


def test_an_api_token_from_the_environment_logs_in(omni_cli, admin, folder, tmp_path):
    write(f"{folder}/a.txt", b"hi")
    token = admin.api_token("admin")
    out = omni_cli("cat", f"{folder}/a.txt", env=omni_env(tmp_path, OMNI_API_TOKEN=token))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "hi"


def test_login_caches_the_session_and_logout_forgets_it(omni_cli, admin, folder, tmp_path):
    write(f"{folder}/a.txt", b"hi")
    env = omni_env(tmp_path)
    login = omni_cli("login", admin.url, "--user", "admin", "--password-stdin", env=env, stdin=admin.admin_password + "\n")
    assert login.returncode == 0, login.stderr
    assert "logged in" in login.stdout and "admin" in login.stdout
    again = omni_cli("cat", f"{folder}/a.txt", env=env)  # no credentials given: the cached login
    assert again.returncode == 0 and again.stdout == "hi", again.stderr
    assert omni_cli("logout", admin.url, env=env).returncode == 0
    after = omni_cli("cat", f"{folder}/a.txt", env=env, timeout=30)
    assert after.returncode == 5, after.stderr


def test_login_with_a_wrong_password_fails(omni_cli, admin, tmp_path):
    out = omni_cli("login", admin.url, "--user", "admin", "--password-stdin", env=omni_env(tmp_path), stdin="nope\n")
    assert out.returncode == 5 and "wrong credentials" in out.stderr


# --- changing things ----------------------------------------------------------------------------

def test_mkdir_with_parents_then_rm_recursive_soft_deletes_and_undelete_restores(omni_cli, folder):
    assert omni_cli("mkdir", "-p", f"{folder}/a/b/c").returncode == 0
    assert omni_cli("mkdir", "-p", f"{folder}/a/b/c").returncode == 0  # exists: fine with -p
    exists = omni_cli("mkdir", f"{folder}/a")
    assert exists.returncode == 8 and "already exists" in exists.stderr
    write(f"{folder}/a/b/c/f.txt", b"keep")

    refused = omni_cli("rm", f"{folder}/a")
    assert refused.returncode == 2 and "-r" in refused.stderr
    assert omni.client.stat(f"{folder}/a")[0] == omni.client.Result.OK

    assert omni_cli("rm", "-r", f"{folder}/a").returncode == 0
    assert omni.client.stat(f"{folder}/a")[0] == omni.client.Result.ERROR_NOT_FOUND
    restored = omni_cli("undelete", f"{folder}/a")
    assert restored.returncode == 0, restored.stderr
    assert read(f"{folder}/a/b/c/f.txt") == b"keep"


def test_rm_obliterate_cannot_be_undone(omni_cli, folder):
    write(f"{folder}/gone.txt", b"x")
    out = omni_cli("rm", "--obliterate", f"{folder}/gone.txt")
    assert out.returncode == 0, out.stderr
    omni_cli("undelete", f"{folder}/gone.txt")
    assert omni.client.stat(f"{folder}/gone.txt")[0] == omni.client.Result.ERROR_NOT_FOUND
    assert omni.client.stat(f"{folder}/gone.txt", omni.client.ListIncludeOption.INCLUDE_DELETED_FILES)[0] \
        == omni.client.Result.ERROR_NOT_FOUND


def test_mv_renames(omni_cli, folder):
    write(f"{folder}/old.txt", b"content")
    out = omni_cli("mv", f"{folder}/old.txt", f"{folder}/new.txt")
    assert out.returncode == 0, out.stderr
    assert read(f"{folder}/new.txt") == b"content"
    assert omni.client.stat(f"{folder}/old.txt")[0] == omni.client.Result.ERROR_NOT_FOUND


def test_checkpoint_create_list_and_restore(omni_cli, folder):
    url = f"{folder}/doc.txt"
    write(url, b"first")
    created = omni_cli("--json", "checkpoint", "create", url, "-m", "the first")
    assert created.returncode == 0, created.stderr
    (record,) = json_lines(created.stdout)
    number = int(record["checkpoint"].rsplit("&", 1)[1])
    write(url, b"second")
    listed = json_lines(omni_cli("--json", "checkpoint", "list", url).stdout)
    assert f"&{number}" in [r["name"] for r in listed]
    restored = omni_cli("checkpoint", "restore", url, str(number))
    assert restored.returncode == 0, restored.stderr
    assert read(url) == b"first"


def test_acl_set_and_get(omni_cli, admin, folder):
    omni.client.create_folder(folder)
    admin.add_user("carol", "carol-pw")
    assert omni_cli("acl", "set", folder, "carol=rw").returncode == 0
    got = {r["name"]: r["access"] for r in json_lines(omni_cli("--json", "acl", "get", folder).stdout)}
    assert got["carol"] == "rw"
    entries = {e.name: int(e.access) for e in omni.client.get_acls(folder)[1]}
    assert entries["carol"] == int(omni.client.AccessFlags.READ) | int(omni.client.AccessFlags.WRITE)
    bad = omni_cli("acl", "set", folder, "carol=rx")
    assert bad.returncode == 2 and "bad grant" in bad.stderr


def test_lock_shows_in_ls_and_blocks_another_user_until_unlock(omni_cli, admin, folder, tmp_path):
    url = f"{folder}/locked.txt"
    write(url, b"v1")
    assert omni_cli("lock", url).returncode == 0
    line = omni_cli("ls", "-l", url).stdout
    assert "locked:admin" in line
    admin.add_user("dave", "dave-pw", admin=True)
    src = f"{folder}/other.txt"
    write(src, b"v2")
    blocked = omni_cli("cp", src, url, env=omni_env(tmp_path, OMNI_USER="dave", OMNI_PASS="dave-pw"))
    assert blocked.returncode == 7 and "locked" in blocked.stderr, blocked.stderr
    assert omni_cli("unlock", url).returncode == 0
    assert omni.client.stat(url)[1].locked_by == ""


def test_info_json(omni_cli, admin):
    out = omni_cli("--json", "info", admin.url)
    assert out.returncode == 0, out.stderr
    (record,) = json_lines(out.stdout)
    assert record["username"] == "admin" and record["version"]


def test_watch_prints_changes_as_they_come(omni_cli, admin, folder, tmp_path):
    omni.client.create_folder(folder)
    env = omni_env(tmp_path, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password)
    proc = subprocess.Popen(omni_command("--json", "watch", "--count", "1", folder), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = json.loads(proc.stdout.readline())
        assert first == {"event": "subscribed", "url": folder}
        write(f"{folder}/new.txt", b"x")
        change = json.loads(proc.stdout.readline())
        assert change["event"] in ("CREATED", "UPDATED") and change["url"].endswith("new.txt")
        assert proc.wait(30) == 0
    finally:
        proc.kill()
        proc.wait()


# --- quiet output -------------------------------------------------------------------------------

def test_quiet_prints_nothing_on_success(omni_cli, folder):
    out = omni_cli("-q", "mkdir", "-p", f"{folder}/q")
    assert out.returncode == 0 and out.stdout == "" and out.stderr == ""
