"""Every public function, called with each argument in turn replaced by odd values (None, empty,
huge, wrong types, NUL), must answer, return or raise an ordinary exception: never crash or hang.
Runs in a child process so that a crash is seen as one."""

import os
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(r'''
    import asyncio, inspect, os, sys, tempfile
    import omni.client

    sys.excepthook = lambda *a: None  # callbacks given odd arguments raise: that is expected here
    folder = tempfile.mkdtemp()
    file_url = omni.client.make_file_url(os.path.join(folder, "f.txt"))
    ODD = [None, "", "nosuchscheme://h/x", "\x00", "x" * 100_000, 0, -1, 2 ** 70, 1.5, b"", b"\xff", object(), [], {}, lambda *a: None]

    def valid(name):
        if name.endswith("callback"):
            return lambda *a: None
        if name in ("content",):
            return b"data"
        if name in ("search_urls", "acls"):
            return []
        if name in ("behavior",):
            return omni.client.CopyBehavior.OVERWRITE
        if name in ("include_deleted_option",):
            return omni.client.ListIncludeOption.NO_DELETED_FILES
        if name in ("obliterate_checkpoints", "force", "download", "overwrite", "skip_checkpoint", "bypass", "bypass_on",
                    "writeConfig", "cloudfrontForList", "process_immediately"):
            return False
        if name in ("version", "timeout", "max_ms", "base_ms", "jitter_ms", "object_id", "join_request_id", "auth_handle",
                    "have_object_id", "have_sequence_num", "server_time", "checkpoint", "request_id"):
            return 1 if name == "version" else 0
        if "url" in name or name in ("path", "search_path"):
            return file_url
        return "x"

    def params(fn):
        try:
            return list(inspect.signature(fn).parameters)
        except (TypeError, ValueError):
            first = (fn.__doc__ or "").splitlines()[0]
            inner = first[first.find("(") + 1:first.rfind(") ->")]
            return [p.split(":")[0].strip() for p in inner.split(", ") if p and not p.startswith("*")]

    def call(fn, args):
        try:
            out = fn(*args)
            if inspect.iscoroutine(out):
                asyncio.run(asyncio.wait_for(out, 5))
            elif isinstance(out, omni.client.Request):
                out.stop()
        except Exception:
            pass

    calls = 0
    for name in sorted(n for n in dir(omni.client) if not n.startswith("_")):
        fn = getattr(omni.client, name)
        if not callable(fn) or isinstance(fn, type) or name in ("shutdown", "stop"):
            continue
        names = params(fn)
        base = [valid(p) for p in names]
        call(fn, base)
        for i in range(len(names)):
            for odd in ODD:
                call(fn, base[:i] + [odd] + base[i + 1:])
                calls += 1
    omni.client.shutdown()
    print("calls", calls)
''')


def test_every_function_survives_odd_arguments(tmp_path):
    # A home of its own: add_bookmark writes the user's Omniverse configuration file there; and a
    # working folder of its own: relative URLs (live_create_session("xxx...")) make folders there.
    env = {**os.environ, "HOME": str(tmp_path),
           "PYTHONPATH": os.pathsep.join(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)}
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=240, env=env,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert int(proc.stdout.split()[-1]) > 3000
