"""Local-file operations, run under either client (ours or the original omniverseclient) in a
fresh folder; prints {case: answer} as JSON so that the two can be compared."""

import json
import os
import sys

import omni.client as c

B = c.CopyBehavior
d = sys.argv[1]
out = {}


def w(path, data=b"data"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def tree(root):
    items = []
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        items += [os.path.normpath(os.path.join(rel, x)) + "/" for x in dirs]
        for x in files:
            with open(os.path.join(dirpath, x), "rb") as f:
                items.append(os.path.normpath(os.path.join(rel, x)) + "=" + f.read().decode())
    return sorted(items)


def rec(case, answer):
    if isinstance(answer, tuple):
        answer = [str(a) if isinstance(a, c.Result) else a for a in answer]
    out[case] = str(answer) if isinstance(answer, c.Result) else answer


def entry(e):
    return [e.relative_path, e.access, e.flags, e.size, e.version, e.hash]


w(f"{d}/a.txt", b"hello")
os.makedirs(f"{d}/sub")
rec("stat file", [str(c.stat(f"{d}/a.txt")[0]), entry(c.stat(f"{d}/a.txt")[1])])
rec("stat folder flags", c.stat(f"{d}/sub")[1].flags)
rec("stat folder/", c.stat(f"{d}/sub/")[1].relative_path)
rec("stat missing", c.stat(f"{d}/nope")[0])
rec("stat below file", c.stat(f"{d}/a.txt/x")[0])
rec("stat file/", c.stat(f"{d}/a.txt/")[0])
rec("stat file:// localhost", c.stat(f"file://localhost{d}/a.txt")[0])
rec("stat url query", c.stat(f"file:{d}/a.txt?q=1")[0])
rec("stat raw query", c.stat(f"{d}/a.txt?q=1")[0])
rec("list", sorted(entry(e)[:3] for e in c.list(d)[1]))
rec("list file", c.list(f"{d}/a.txt")[0])
rec("list missing", c.list(f"{d}/nope")[0])
rec("read", [str(c.read_file(f"{d}/a.txt")[0]), bytes(memoryview(c.read_file(f"{d}/a.txt")[2])).decode()])
rec("read folder", c.read_file(d)[0])
rec("read missing", c.read_file(f"{d}/nope")[0])
rec("write folder", c.write_file(f"{d}/sub", b"x"))
rec("write below file", c.write_file(f"{d}/a.txt/x", b"x"))
rec("write nested", c.write_file(f"{d}/n1/n2/f", b"z"))
rec("write_ex info", [c.write_file_ex(f"{d}/wx", b"abc")[1].version, c.write_file_ex(f"{d}/wx", b"abc")[1].hash])
rec("create_folder", c.create_folder(f"{d}/cf"))
rec("create_folder again", c.create_folder(f"{d}/cf"))
rec("create_folder on file", c.create_folder(f"{d}/a.txt"))
rec("create_folder below file", c.create_folder(f"{d}/a.txt/x"))
rec("delete missing", c.delete(f"{d}/nope"))
rec("delete_single nonempty", c.delete_single(f"{d}/n1"))
rec("delete tree", c.delete(f"{d}/n1"))
rec("obliterate file", c.obliterate(f"{d}/wx", True))
rec("undelete", c.undelete(f"{d}/a.txt"))
rec("lock", c.lock(f"{d}/a.txt"))
rec("get_local_file", c.get_local_file(f"file:{d}/a.txt", True)[1] == f"{d}/a.txt")
w(f"{d}/F/1", b"1")
w(f"{d}/F/s/2", b"2")
rec("copy", c.copy(f"{d}/a.txt", f"{d}/b.txt"))
rec("copy again", c.copy(f"{d}/a.txt", f"{d}/b.txt"))
rec("copy nested", c.copy(f"{d}/a.txt", f"{d}/x/y/z.txt"))
rec("copy onto folder", c.copy(f"{d}/a.txt", f"{d}/sub"))
rec("copy onto folder overwrite", c.copy(f"{d}/a.txt", f"{d}/sub", B.OVERWRITE))
rec("copy folder", c.copy(f"{d}/F", f"{d}/G"))
w(f"{d}/G/extra", b"E")
rec("copy folder overwrite merges", [str(c.copy(f"{d}/F", f"{d}/G", B.OVERWRITE)), tree(f"{d}/G")])
rec("copy_file folder", c.copy_file(f"{d}/F", f"{d}/H"))
rec("copy_folder file", c.copy_folder(f"{d}/a.txt", f"{d}/I"))
w(f"{d}/m1", b"M")
rec("move", c.move(f"{d}/m1", f"{d}/m2"))
rec("move missing", c.move(f"{d}/m1", f"{d}/m3"))
rec("move onto itself", c.move(f"{d}/m2", f"{d}/m2", B.OVERWRITE))
rec("move into subtree", c.move(f"{d}/F", f"{d}/F/in"))
w(f"{d}/M1/a", b"a1")
w(f"{d}/M2/c", b"c2")
rec("move folder exists", c.move(f"{d}/M1", f"{d}/M2"))
rec("move folder overwrite merges", [c.move(f"{d}/M1", f"{d}/M2", B.OVERWRITE)[0].name, tree(f"{d}/M2")])
rec("move_file folder", c.move_file(f"{d}/M2", f"{d}/M3"))
rec("tree at the end", tree(d))
# Where the original loses data (kept last: these change the folder in the original).
w(f"{d}/self.txt", b"SELF")
rec("copy self overwrite", [str(c.copy(f"{d}/self.txt", f"{d}/self.txt", B.OVERWRITE)), os.path.getsize(f"{d}/self.txt")])
print(json.dumps(out))
