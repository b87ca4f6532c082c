"""``omni cp`` as a process: files and folders within a provider and across providers, the
progress bar on a terminal, and Ctrl-C mid-copy."""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import signal
import subprocess
import time


import omni.client

from tools_helpers import omni_command, omni_env
from test_cli import json_lines, read, write

MiB = 1024 * 1024


def tree(url: str) -> dict:
    """Every file under ``url`` by relative path, with its content."""
    files, pending = {}, [""]
    while pending:
        rel = pending.pop()
        result, entries = omni.client.list(f"{url}/{rel}" if rel else url)
        assert result == omni.client.Result.OK, (url, rel, result)
        for e in entries:
            child = f"{rel}/{e.relative_path}" if rel else e.relative_path
            if e.flags & omni.client.ItemFlags.CAN_HAVE_CHILDREN:
                pending.append(child)
            else:
                files[child] = read(f"{url}/{child}")
    return files


def test_cp_a_file_within_the_server(omni_cli, folder):
    write(f"{folder}/a.bin", b"payload")
    out = omni_cli("--json", "cp", f"{folder}/a.bin", f"{folder}/b.bin")
    assert out.returncode == 0, out.stderr
    (summary,) = json_lines(out.stdout)
    assert summary["copied_files"] == 1 and summary["copied_bytes"] == 7 and summary["failed"] == []
    assert read(f"{folder}/b.bin") == b"payload"


def test_cp_into_an_existing_folder_keeps_the_name(omni_cli, folder):
    write(f"{folder}/a.bin", b"payload")
    omni.client.create_folder(f"{folder}/into")
    assert omni_cli("cp", f"{folder}/a.bin", f"{folder}/into").returncode == 0
    assert read(f"{folder}/into/a.bin") == b"payload"


def test_cp_a_folder_needs_r_and_copies_the_tree(omni_cli, folder):
    for rel in ("x.txt", "sub/y.txt", "sub/deeper/z.txt"):
        write(f"{folder}/src/{rel}", rel.encode())
    omni.client.create_folder(f"{folder}/src/empty")
    refused = omni_cli("cp", f"{folder}/src", f"{folder}/dst")
    assert refused.returncode == 2 and "-r" in refused.stderr
    out = omni_cli("cp", "-r", "-j", "3", f"{folder}/src", f"{folder}/dst")
    assert out.returncode == 0, out.stderr
    assert tree(f"{folder}/dst") == tree(f"{folder}/src")
    assert omni.client.stat(f"{folder}/dst/empty")[0] == omni.client.Result.OK


def test_cp_no_clobber_refuses_to_overwrite(omni_cli, folder):
    write(f"{folder}/a.txt", b"new")
    write(f"{folder}/b.txt", b"old")
    out = omni_cli("cp", "-n", f"{folder}/a.txt", f"{folder}/b.txt")
    assert out.returncode == 8 and "already exists" in out.stderr
    assert read(f"{folder}/b.txt") == b"old"


def test_cp_of_a_missing_source_exits_3(omni_cli, folder):
    out = omni_cli("cp", f"{folder}/nothing", f"{folder}/b")
    assert out.returncode == 3 and "nothing" in out.stderr


def test_cp_local_folder_to_local_folder(omni_cli, tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"a")
    (src / "sub" / "b.txt").write_bytes(b"b" * 100_000)
    out = omni_cli("cp", "-r", str(src), str(tmp_path / "dst"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "dst" / "a.txt").read_bytes() == b"a"
    assert (tmp_path / "dst" / "sub" / "b.txt").read_bytes() == b"b" * 100_000


def test_cp_across_providers_up_and_back(omni_cli, folder, tmp_path):
    src = tmp_path / "up"
    (src / "sub").mkdir(parents=True)
    (src / "a.bin").write_bytes(os.urandom(300_000))
    (src / "sub" / "b.bin").write_bytes(b"b")
    up = omni_cli("cp", "-r", str(src), f"{folder}/up")
    assert up.returncode == 0, up.stderr
    assert tree(f"{folder}/up") == {"a.bin": (src / "a.bin").read_bytes(), "sub/b.bin": b"b"}
    down = omni_cli("cp", "-r", f"{folder}/up", str(tmp_path / "down"))
    assert down.returncode == 0, down.stderr
    assert (tmp_path / "down" / "a.bin").read_bytes() == (src / "a.bin").read_bytes()


def run_on_a_terminal(args, env, until=None, timeout=120):
    """Runs ``omni ARGS`` with stderr on a pseudo-terminal; returns (process, what it drew).
    With ``until``, sends Ctrl-C (SIGINT) as soon as the terminal shows that text."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(omni_command(*args), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=follower)
    os.close(follower)
    drawn, interrupted = b"", False
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:  # the process closed its terminal
                    break
                if not chunk:
                    break
                drawn += chunk
            if until is not None and not interrupted and until in drawn:
                proc.send_signal(signal.SIGINT)
                interrupted = True
            if proc.poll() is not None and not ready:
                break
        proc.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(leader)
    return proc, drawn.decode(errors="replace")


def test_a_200_mib_copy_draws_a_progress_bar_on_a_terminal(omni_cli, admin, folder, tmp_path):
    data = os.urandom(MiB) * 200
    write(f"{folder}/big.bin", data)
    env = omni_env(tmp_path, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password, COLUMNS="160")
    proc, drawn = run_on_a_terminal(["cp", f"{folder}/big.bin", f"{folder}/copy.bin"], env)
    assert proc.returncode == 0, drawn
    assert "200.0 MiB" in drawn and "1/1 files" in drawn and "copying" in drawn
    _, entry = omni.client.stat(f"{folder}/copy.bin")
    assert entry.size == len(data) and entry.hash == omni.client.stat(f"{folder}/big.bin")[1].hash


def test_the_progress_bar_counts_bytes_while_a_file_is_copied(admin, folder, tmp_path):
    """Up to the server and back down: the bar shows bytes of the one file before it is done."""
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(MiB) * 200)
    env = omni_env(tmp_path, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password, COLUMNS="160")
    for args in (["cp", str(src), f"{folder}/big.bin"], ["cp", f"{folder}/big.bin", str(tmp_path / "back.bin")]):
        proc, drawn = run_on_a_terminal(args, env)
        assert proc.returncode == 0, drawn
        # rich draws "<done>/200.0 MiB ... <n>/1 files"; some frame has bytes while 0 files are done
        frames = re.findall(r"([0-9.]+)/200\.0 MiB.*?(\d)/1 files", drawn)
        assert any(0 < float(done) < 200 and files == "0" for done, files in frames), frames
        assert ("200.0", "1") in frames
    assert (tmp_path / "back.bin").read_bytes() == src.read_bytes()


def test_no_progress_bar_when_not_on_a_terminal(omni_cli, folder):
    write(f"{folder}/a.bin", b"x" * 1000)
    out = omni_cli("cp", f"{folder}/a.bin", f"{folder}/b.bin")
    assert out.returncode == 0 and out.stderr == "" and out.stdout == ""


def test_ctrl_c_mid_copy_stops_and_leaves_no_partial_file(omni_cli, admin, folder, tmp_path):
    """Ctrl-C while a folder of 300 files is being copied one at a time: the command exits 130,
    some files were not copied, and every destination file is either absent or complete."""
    count, size = 300, 256 * 1024
    contents = {f"f{i:03}.bin": os.urandom(size) for i in range(count)}

    async def upload():
        results = await asyncio.gather(*(omni.client.write_file_async(f"{folder}/src/{name}", data)
                                         for name, data in contents.items()))
        assert set(results) == {omni.client.Result.OK}

    asyncio.run(upload())
    env = omni_env(tmp_path, OMNI_USER=admin.admin_user, OMNI_PASS=admin.admin_password, COLUMNS="160")
    proc, drawn = run_on_a_terminal(["cp", "-r", "-j", "1", f"{folder}/src", f"{folder}/dst"], env,
                                    until=b"files")
    assert proc.returncode == 130, drawn
    assert "interrupted" in drawn
    copied = tree(f"{folder}/dst")
    assert 0 < len(contents) - len(copied), "the copy finished before Ctrl-C: nothing was interrupted"
    for name, data in copied.items():
        assert data == contents[name], name


def test_ctrl_c_keeps_the_previous_version_of_the_destination(omni_cli, admin, folder, tmp_path):
    """A big local file copied over an existing one, interrupted: the destination holds either
    its previous content or the whole new one, and no temporary file is left beside it."""
    src, dst = tmp_path / "big.bin", tmp_path / "out" / "big.bin"
    dst.parent.mkdir()
    dst.write_bytes(b"previous version")
    src.write_bytes(os.urandom(MiB) * 200)
    env = omni_env(tmp_path / "cache", COLUMNS="160")
    proc, drawn = run_on_a_terminal(["cp", str(src), str(dst)], env, until=b"copying")
    assert proc.returncode in (0, 130), drawn
    assert dst.read_bytes() in (b"previous version", src.read_bytes())
    assert sorted(p.name for p in dst.parent.iterdir()) == ["big.bin"]
