"""The tools against the library they sit on, same local server, same run, alternating rounds
(A B A B ...); prints medians and ratios (issue 18's targets):

- fsspec ``cat_file`` of 4 KiB and of 64 MiB vs ``omni.client.read_file`` (target: at least 0.8x);
- ``omni cp -r`` of a folder of 1,000 files of 64 KiB up to the server and back down, files/s,
  vs a Python loop of ``omni.client.copy`` (the command copies several at once); down also into
  tmpfs, where no file system's cost of creating a file sets the pace;
- ``omni cp`` of one 1 GiB file up and down, MB/s, vs the rate of a 64 MiB ``write_file`` /
  ``read_file`` (bench_nucleus.py's LFT cases; target: at least 0.9x); down also into tmpfs, to
  tell the transfer's own rate from the disk's.

The server keeps its data on tmpfs (where there is one), so that its disk does not set the pace.

    python bench/bench_tools.py [--rounds 3] [--only TEXT]

Needs the server extra and fsspec. Run it with an interpreter whose path puts this checkout's
python/ first (a virtualenv with a .pth file), not PYTHONPATH: the command runs as a child process.
"""

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from harness import compare, rate_of  # noqa: E402

import omni.client as oc  # noqa: E402
from omni.client.fsspec import OmniFileSystem  # noqa: E402
from omni.server.testing import running_server  # noqa: E402

MiB = 1 << 20


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def check(result, what):
    if result != oc.Result.OK:
        raise RuntimeError(f"{what}: {result}")


@contextlib.contextmanager
def in_memory_folder():
    """A new folder on tmpfs, removed afterwards; None where there is no /dev/shm."""
    if not os.path.isdir("/dev/shm"):
        yield None
        return
    folder = tempfile.mkdtemp(dir="/dev/shm", prefix="bench-tools-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


class Bench:
    def __init__(self, server, scratch, rounds):
        self.server, self.scratch, self.rounds = server, scratch, rounds
        self.base = server.url + "/bench-tools"
        # Without PYTHONDONTWRITEBYTECODE: an installed command has its bytecode, and compiling
        # this checkout's modules anew in every run was a share of the command's start-up.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("OMNI") and k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update(OMNI_USER=server.admin_user, OMNI_PASS=server.admin_password,
                        OMNI_CLIENT_TOKEN_CACHE=os.path.join(scratch, "tokens"))

    def omni(self, *args):
        subprocess.run([sys.executable, "-m", "omni.client.cli", "-q", *args], env=self.env, check=True, timeout=900)

    def fsspec_reads(self):
        fs = OmniFileSystem()
        for name, size in (("4 KiB", 4096), ("64 MiB", 64 * MiB)):
            url = f"{self.base}/read-{size}"
            check(oc.write_file(url, os.urandom(size)), url)
            path = url[len("omniverse://"):]
            compare(f"fsspec cat_file {name}", lambda: rate_of(lambda: fs.cat_file(path), min_seconds=1.0),
                    lambda: rate_of(lambda: oc.read_file(url), min_seconds=1.0), self.rounds,
                    case_label="cat_file", baseline_label="read_file")

    def many_files(self, count=1000, size=64 * 1024):
        local = os.path.join(self.scratch, "many")
        os.makedirs(local)
        for i in range(count):
            with open(os.path.join(local, f"f{i:04}.bin"), "wb") as f:
                f.write(os.urandom(size))
        names = sorted(os.listdir(local))
        runs = iter(range(10 ** 6))

        def fresh():
            return f"{self.base}/many-{next(runs)}"

        def cli_up():
            dst = fresh()
            return count / timed(lambda: self.omni("cp", "-r", local, dst))

        def loop_up():
            dst = fresh()

            def copy_all():
                for n in names:
                    check(oc.copy(os.path.join(local, n), f"{dst}/{n}", oc.CopyBehavior.OVERWRITE), n)
            return count / timed(copy_all)

        remote = fresh()
        self.omni("cp", "-r", local, remote)

        def cli_down(into):
            dst = tempfile.mkdtemp(dir=into)
            rate = count / timed(lambda: self.omni("cp", "-r", remote, dst + "/"))
            shutil.rmtree(dst)
            return rate

        def loop_down(into):
            dst = tempfile.mkdtemp(dir=into)

            def copy_all():
                for n in names:
                    check(oc.copy(f"{remote}/{n}", os.path.join(dst, n), oc.CopyBehavior.OVERWRITE), n)
            rate = count / timed(copy_all)
            shutil.rmtree(dst)
            return rate

        compare(f"{count:,} files of 64 KiB up", cli_up, loop_up, self.rounds, "omni cp", "copy loop", "files/s")
        compare(f"{count:,} files of 64 KiB down", lambda: cli_down(self.scratch), lambda: loop_down(self.scratch),
                self.rounds, "omni cp", "copy loop", "files/s")
        # The same into memory: on a disk every new file costs the file system's inode allocation
        # (0.6-0.8 ms a file on this VM's ext4, where many files were recently deleted: ext4 skips
        # such inodes one by one), the same for both and not spread over threads.
        with in_memory_folder() as memory:
            if memory:
                compare(f"{count:,} files of 64 KiB down to tmpfs", lambda: cli_down(memory), lambda: loop_down(memory),
                        self.rounds, "omni cp", "copy loop", "files/s")

    def one_big_file(self, size=1024 * MiB):
        local = os.path.join(self.scratch, "big.bin")
        with open(local, "wb") as f:
            block = os.urandom(64 * MiB)
            for _ in range(size // len(block)):
                f.write(block)
        remote = f"{self.base}/big.bin"
        lft = f"{self.base}/lft-64m"
        data = os.urandom(64 * MiB)
        check(oc.write_file(lft, data), lft)
        back = os.path.join(self.scratch, "back.bin")

        def mb_per_s(nbytes, fn):
            return nbytes / MiB / timed(fn)

        def copy_down_to(path):
            """MB/s of ``omni cp`` down into a new file: the copy a round before is removed first,
            since freeing it (a GiB of pages on tmpfs) is not the transfer's cost."""
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            return mb_per_s(size, lambda: self.omni("cp", remote, path))

        compare("1 GiB omni cp up vs 64 MiB write_file", lambda: mb_per_s(size, lambda: self.omni("cp", local, remote)),
                lambda: mb_per_s(len(data), lambda: check(oc.write_file(lft, data), lft)), self.rounds,
                "omni cp", "write_file", "MB/s")
        compare("1 GiB omni cp down vs 64 MiB read_file", lambda: copy_down_to(back),
                lambda: mb_per_s(len(data), lambda: check(oc.read_file(lft)[0], lft)), self.rounds,
                "omni cp", "read_file", "MB/s")
        os.remove(back)
        # The same into memory (tmpfs). Into a disk file the kernel copies each write into new page
        # cache, and on a VM whose freed memory goes back to the host (virtio-balloon free page
        # reporting) pages freed more than ~2 s before cost a host fault on first touch: a writer
        # that takes 2 s for its GiB (a download) pays that, a 0.3 s one (a local cp) hardly does.
        # On the Firecracker VM of issue 18's notes the same 1 GiB of writes took 0.27-0.33 s of
        # kernel time unpaced and 0.56-1.03 s spread over 2.4 s; omni cp down spent 1.1-5.2 s.
        with in_memory_folder() as memory:
            if memory:
                compare("1 GiB omni cp down to tmpfs vs read_file",
                        lambda: copy_down_to(memory + "/back.bin"),
                        lambda: mb_per_s(len(data), lambda: check(oc.read_file(lft)[0], lft)), self.rounds,
                        "omni cp", "read_file", "MB/s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="run only the groups whose name contains this text (fsspec, files, big)")
    args = parser.parse_args()
    oc.set_log_level(oc.LogLevel.ERROR)
    # The server keeps its data in memory (tmpfs) where it can: a 1 GiB upload written to this
    # machine's disk goes at the disk's pace once enough is dirty, a 64 MiB write_file does not, and
    # the tool, not the disk, is what is measured (1 GiB up: 0.56-0.67x with the data on disk,
    # 1.00x in memory, same session).
    with in_memory_folder() as memory, running_server(data_dir=Path(memory) / "data" if memory else None) as server, \
            tempfile.TemporaryDirectory(prefix="bench-tools-") as scratch:
        reg = oc.register_authentication_callback(lambda url: (server.admin_user, server.admin_password))
        bench = Bench(server, scratch, args.rounds)
        print(f"server {server.url}, {args.rounds} rounds, medians; ratio = tool / library")
        for name, run in (("fsspec", bench.fsspec_reads), ("files", bench.many_files), ("big", bench.one_big_file)):
            if not args.only or args.only in name:
                run()
        del reg
    oc.shutdown()


if __name__ == "__main__":
    main()
