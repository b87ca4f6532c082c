"""The same local-file scenario under the original client and under ours: every answer agrees,
except the listed differences we chose (see docs/file-provider.md)."""

import json
import subprocess
import sys
from pathlib import Path

SCENARIO = Path(__file__).parent / "scenario_files.py"

# case: (the original's answer, ours)
CHOSEN_DIFFERENCES = {
    # The original truncates the file to 0 bytes and answers ERROR.
    "copy self overwrite": (["Result.ERROR", 0], ["Result.ERROR_SOURCE_IS_DEST", 4]),
}


def run(python, folder):
    env = None
    if python != sys.executable:
        import os
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(python), str(SCENARIO), str(folder)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_local_files_answer_as_the_original(client_python, tmp_path):
    (tmp_path / "theirs").mkdir()
    (tmp_path / "ours").mkdir()
    theirs = run(client_python, tmp_path / "theirs")
    ours = run(sys.executable, tmp_path / "ours")
    assert theirs.keys() == ours.keys()
    for case, (their_answer, our_answer) in CHOSEN_DIFFERENCES.items():
        assert (theirs.pop(case), ours.pop(case)) == (their_answer, our_answer), case
    assert ours == theirs
