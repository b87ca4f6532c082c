"""URL functions called from Python, ours against a baseline, side by side in one run.

    PYTHONPATH=python python bench/bench_url.py [--baseline-python /path/to/venv/bin/python] [--rounds 5]

Both sides run the same snippet on the same URL mix, each in its own interpreter, alternately
(A B A B ...), and the median rates and their ratio are printed. The baseline is any Python whose
``omni.client`` is the implementation to compare against (for example the original library in a
throw-away virtualenv); ours is the ``omni.client`` this interpreter imports.
"""

import argparse
import os
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import harness  # noqa: E402

# A realistic mix: Nucleus URLs of scenes and assets (some with checkpoints, escapes, ports,
# users), HTTP(S) and S3 URLs, wrapped URLs, file URLs, raw local paths and relative references.
URLS = [
    "omniverse://localhost/Projects/Factory/Scenes/factory_floor.usd",
    "omniverse://nucleus.example.com/Library/Materials/Metals/Steel_Brushed.mdl",
    "omniverse://nucleus.example.com:3009/Users/alice/checkpoints/layout.usda?&12",
    "omniverse://nucleus.example.com/Projects/City/Blocks/Block%2017/building_03.usd",
    "omniverse://bob@nucleus.example.com/Projects/Shared/props/Chair.usd?main&3",
    "omni://localhost/NVIDIA/Assets/Isaac/Robots/Franka/franka.usd",
    "omniverse://Nucleus.Example.COM/Projects/./City/../City/layout.usd",
    "omniverse://localhost/Projects/Factory/Textures/floor_albedo.png#frame",
    "https://cdn.example.com/assets/skies/clear_day_4k.hdr",
    "http://web.example.com:80/viewer/?omniverse://localhost/Projects/Factory/Scenes/factory_floor.usd",
    "https://bucket.s3.us-west-2.amazonaws.com/usd/scenes/warehouse/warehouse.usd",
    "file:/home/alice/work/scene.usd",
    "file:///C:/Users/alice/Documents/scene%20copy.usd",
    "/home/alice/work/assets/tree_oak_01.usd",
    "/mnt/projects/Factory/Scenes/../Scenes/factory_floor.usd",
    "C:\\Users\\alice\\Documents\\scene.usd",
    "./materials/wood.mdl",
    "../textures/wood_albedo.png",
    "props/Chair.usd",
    "omniverse://localhost/Projects/Factory/Scenes/sub layer (1).usd",
]

BASE = "omniverse://nucleus.example.com/Projects/City/Scenes/main.usd"
OTHERS = [
    "../Blocks/Block%2017/building_03.usd",
    "./layers/lighting.usda",
    "props/Chair.usd",
    "/Library/Materials/Metals/Steel_Brushed.mdl",
    "omniverse://nucleus.example.com/Projects/City/Textures/brick.png",
    "omniverse://other.example.com/Projects/City/Scenes/main.usd",
    "?&4",
    "#frame",
    "../../Shared/sky.hdr",
    "https://cdn.example.com/assets/skies/clear_day_4k.hdr",
]
RELATIVE_TARGETS = [
    "omniverse://nucleus.example.com/Projects/City/Scenes/layers/lighting.usda",
    "omniverse://nucleus.example.com/Projects/City/Blocks/Block 17/building_03.usd",
    "omniverse://nucleus.example.com/Library/Materials/Metals/Steel_Brushed.mdl",
    "omniverse://nucleus.example.com/Projects/City/Scenes/main.usd?&4",
    "omniverse://other.example.com/Projects/City/Scenes/main.usd",
    "omniverse://NUCLEUS.example.com/Projects/City/Scenes/props/Chair.usd",
    "http://nucleus.example.com/Projects/City/Scenes/main.usd",
    "omniverse://nucleus.example.com/Projects/City/Scenes/",
]

CASES = {
    "break_url": ("for u in URLS:\n    oc.break_url(u)", len(URLS)),
    "combine_urls": ("for o in OTHERS:\n    oc.combine_urls(BASE, o)", len(OTHERS)),
    "normalize_url": ("for u in URLS:\n    oc.normalize_url(u)", len(URLS)),
    "make_relative_url": ("for o in RELATIVE_TARGETS:\n    oc.make_relative_url(BASE, o)", len(RELATIVE_TARGETS)),
}


def setup_for(module_dir=None):
    lines = ["import sys"]
    if module_dir:
        lines.append(f"sys.path.insert(0, {str(module_dir)!r})")
    lines += [
        "import omni.client as oc",
        f"URLS = {URLS!r}",
        f"BASE = {BASE!r}",
        f"OTHERS = {OTHERS!r}",
        f"RELATIVE_TARGETS = {RELATIVE_TARGETS!r}",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-python", default=os.environ.get("OMNICLIENT_BASELINE_PYTHON"),
                        help="interpreter whose omni.client is the baseline (default: $OMNICLIENT_BASELINE_PYTHON, "
                             "else the interop tests' virtualenv of the original library)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5, help="timing per measurement")
    args = parser.parse_args()

    import omni.client
    # The directory holding our omni/ package, so the other interpreter imports the same build.
    ours_dir = pathlib.Path(omni.client.__file__).parent.parent.parent
    ours_setup = setup_for(ours_dir)
    base_setup = setup_for()
    args.baseline_python = harness.original_python(args.baseline_python)
    if not pathlib.Path(args.baseline_python).exists():
        sys.exit(f"baseline interpreter not found: {args.baseline_python}")
    # Our directory is passed explicitly; an inherited PYTHONPATH would make the baseline
    # interpreter import our module too.
    os.environ.pop("PYTHONPATH", None)
    for label, python, setup in (("ours", sys.executable, ours_setup), ("baseline", args.baseline_python, base_setup)):
        where = subprocess.run([python, "-c", setup + "\nprint(oc.__file__)"], capture_output=True, text=True, check=True)
        print(f"{label}: {python} -> {where.stdout.strip()}")
    ratios = {}
    for name, (statement, ops) in CASES.items():
        ratios[name] = harness.compare(
            name,
            lambda s=statement, n=ops: harness.rate_in(sys.executable, ours_setup, s, n, args.seconds),
            lambda s=statement, n=ops: harness.rate_in(args.baseline_python, base_setup, s, n, args.seconds),
            rounds=args.rounds, baseline_label="original")
    worst = min(ratios.values())
    print(f"lowest ratio: {worst:.2f}x")


if __name__ == "__main__":
    main()
