import pathlib
import sys

# cases.py sits next to the tests; make it importable whatever the rootdir.
sys.path.insert(0, str(pathlib.Path(__file__).parent))
