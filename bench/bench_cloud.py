"""S3 and Azure Blob through our client against the Python SDKs doing the same transfers, in the
same run: moto's S3 server and Azurite on loopback, speaking TLS with a test CA's certificate, reached
at their real host names through the tests' proxy (tests/cloud_servers) in tunnel mode (it relays
the encrypted bytes, nothing more), so both sides pay the same TLS and the same emulator.

    python bench/bench_cloud.py [--size-mib 64] [--rounds 3] [--keys 1000]
                                [--original [PYTHON]]

Cases: read and write of one object (ours vs boto3's get_object / upload_fileobj and
azure-storage-blob's download_blob / upload_blob, each with 4 transfers in flight as ours), and
stat and list of a folder of `--keys` objects on S3 (ours cached and uncached vs boto3's listing).
With --original [PYTHON] (default: the virtualenv the interop tests made; the benchmarks install
the original nowhere),
NVIDIA's original client is the baseline instead: reads of one object on S3 and Azure, and list and stat of the folder of
`--keys` objects on S3, cached and uncached (clear_list_cache before each). It runs as a black box in
its own process, ours runs the same script in a process of its own; rounds alternate. Each line
also gives the CPU time the busiest emulator process spent per operation of ours, and the ratio
that leaves room for: an emulator busy for the whole of an operation bounds every client alike.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from harness import compare, original_python, rate_of  # noqa: E402

from cloud_servers.certs import make_certificates  # noqa: E402
from cloud_servers.servers import (AZURE_ACCOUNT, AZURE_SUFFIX, S3_SUFFIX, azure_url, azurite_server,  # noqa: E402
                                   client_environment, free_port, moto_server, proxy_server, s3_url)


def boto3_client(proxy, moto):
    import boto3
    from botocore.config import Config
    return boto3.client("s3", region_name="us-west-2", aws_access_key_id=moto.access_key_id,
                        aws_secret_access_key=moto.secret_access_key, verify=str(proxy.ca),
                        config=Config(proxies={"https": proxy.url}, s3={"addressing_style": "virtual"},
                                      max_pool_connections=8))


def azure_container_client(proxy, container, sas):
    from azure.storage.blob import ContainerClient
    return ContainerClient(f"https://{AZURE_ACCOUNT}{AZURE_SUFFIX}", container, credential=sas,
                           proxies={"https": proxy.url}, connection_verify=str(proxy.ca))


def bench_s3(omni, proxy, moto, args):
    from boto3.s3.transfer import TransferConfig
    s3 = boto3_client(proxy, moto)
    transfer = TransferConfig(multipart_threshold=16 << 20, multipart_chunksize=16 << 20, max_concurrency=4)
    bucket = moto.new_bucket()
    data = os.urandom(args.size_mib << 20)
    mib = args.size_mib

    def ours_write():
        assert omni.write_file(s3_url(bucket, "ours.bin"), data) == omni.Result.OK

    def boto_write():
        s3.upload_fileobj(io.BytesIO(data), bucket, "boto.bin", Config=transfer)

    compare(f"S3 write {mib} MiB", lambda: rate_of(ours_write, mib, 0), lambda: rate_of(boto_write, mib, 0),
            args.rounds, baseline_label="boto3", unit="MiB/s")

    def ours_read():
        result, _, content = omni.read_file(s3_url(bucket, "ours.bin"))
        assert result == omni.Result.OK and len(memoryview(content)) == len(data)

    def boto_read():
        out = io.BytesIO()
        s3.download_fileobj(bucket, "boto.bin", out, Config=transfer)
        assert len(out.getbuffer()) == len(data)

    compare(f"S3 read {mib} MiB", lambda: rate_of(ours_read, mib, 0), lambda: rate_of(boto_read, mib, 0),
            args.rounds, baseline_label="boto3", unit="MiB/s")

    direct = moto.client()
    for i in range(args.keys):
        direct.put_object(Bucket=bucket, Key=f"many/k{i:05}", Body=b"")
    folder = s3_url(bucket, "many")

    def ours_list(cached):
        if not cached:
            omni.clear_list_cache(folder)
        result, entries = omni.list(folder)
        assert result == omni.Result.OK and len(entries) == args.keys

    def boto_list():
        count = sum(len(page.get("Contents", [])) for page in
                    s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="many/", Delimiter="/"))
        assert count == args.keys

    compare(f"S3 list {args.keys} keys, uncached", lambda: rate_of(lambda: ours_list(False)), lambda: rate_of(boto_list),
            args.rounds, baseline_label="boto3", unit="lists/s")
    compare(f"S3 list {args.keys} keys, cached", lambda: rate_of(lambda: ours_list(True)), lambda: rate_of(boto_list),
            args.rounds, baseline_label="boto3", unit="lists/s")

    def ours_stat(cached):
        if not cached:
            omni.clear_list_cache(folder)
        assert omni.stat(s3_url(bucket, "many/k00000"))[0] == omni.Result.OK

    def boto_stat():
        s3.head_object(Bucket=bucket, Key="many/k00000")

    # An uncached stat lists the parent folder (as the original does: S3 has no cheaper exact
    # lookup that also tells folders), so it costs what a listing costs; later stats are cached.
    compare(f"S3 stat (in a folder of {args.keys}), cached", lambda: rate_of(lambda: ours_stat(True)),
            lambda: rate_of(boto_stat), args.rounds, baseline_label="boto3 HEAD", unit="stats/s")
    print(f"S3 stat (in a folder of {args.keys}), uncached: ours {rate_of(lambda: ours_stat(False)):.1f} stats/s")


def bench_azure(omni, proxy, azurite, args):
    container = azurite.new_container()
    sas = azurite.sas(container)
    assert omni.set_azure_sas_token(AZURE_ACCOUNT + AZURE_SUFFIX, container, sas, False) == omni.Result.OK
    client = azure_container_client(proxy, container, sas)
    data = os.urandom(args.size_mib << 20)
    mib = args.size_mib

    def ours_write():
        assert omni.write_file(azure_url(container, "ours.bin"), data) == omni.Result.OK

    def sdk_write():
        client.upload_blob("sdk.bin", data, overwrite=True, max_concurrency=4)

    compare(f"Azure write {mib} MiB", lambda: rate_of(ours_write, mib, 0), lambda: rate_of(sdk_write, mib, 0),
            args.rounds, baseline_label="azure-storage-blob", unit="MiB/s")

    def ours_read():
        result, _, content = omni.read_file(azure_url(container, "ours.bin"))
        assert result == omni.Result.OK and len(memoryview(content)) == len(data)

    def sdk_read():
        assert len(client.download_blob("sdk.bin", max_concurrency=4).readall()) == len(data)

    compare(f"Azure read {mib} MiB", lambda: rate_of(ours_read, mib, 0), lambda: rate_of(sdk_read, mib, 0),
            args.rounds, baseline_label="azure-storage-blob", unit="MiB/s")


# Run by both clients in processes of their own; prints the medians as JSON, each with the client's
# CPU time per operation (what the client itself costs, whatever bounds the rate) and each emulator
# process's (BENCH_EMULATORS: name=pid,...): a single-threaded emulator busy for E seconds per
# operation serves no client faster than one operation per E, which bounds every client's ratio.
# `read URL N`: the rate of N reads of URL (MiB/s) after a first, unmeasured one that starts the
# provider and its connections. `listing FOLDER FILE KEYS`: lists/s and stats/s, uncached
# (clear_list_cache before each) and cached, after a first, unmeasured listing.
CLIENT = """
import json, os, statistics, sys, time
import omni.client as oc

TICK = os.sysconf("SC_CLK_TCK")
EMULATORS = dict(item.split("=") for item in os.environ["BENCH_EMULATORS"].split(","))

def emulator_cpu():
    def cpu(pid):
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    return {name: cpu(pid) for name, pid in EMULATORS.items()}

def rate(op, rounds, before=None, batch=1, scale=1):
    # median ops/s (times scale), the CPU seconds of this process (all its threads) per op, and of
    # each emulator per op
    rates, cpu, served = [], 0.0, dict.fromkeys(EMULATORS, 0.0)
    for _ in range(rounds):
        if before:
            before()
        start, start_cpu, start_served = time.perf_counter(), time.process_time(), emulator_cpu()
        for _ in range(batch):
            op()
        rates.append(batch / (time.perf_counter() - start) * scale)
        cpu += time.process_time() - start_cpu
        for name, seconds in emulator_cpu().items():
            served[name] += seconds - start_served[name]
    ops = rounds * batch
    return statistics.median(rates), cpu / ops, {name: seconds / ops for name, seconds in served.items()}
if sys.argv[1] == "read":
    url, reads = sys.argv[2], int(sys.argv[3])
    def read():
        result, _, content = oc.read_file(url)
        assert result == oc.Result.OK, result
        return len(memoryview(content))
    size = read()
    print(json.dumps({"module": oc.__file__, "read": rate(read, reads, scale=size / (1 << 20))}))
else:
    folder, file, keys = sys.argv[2], sys.argv[3], int(sys.argv[4])
    def listed():
        result, entries = oc.list(folder)
        assert result == oc.Result.OK and len(entries) == keys, (result, len(entries))
    def stat():
        assert oc.stat(file)[0] == oc.Result.OK
    clear = lambda: oc.clear_list_cache(folder)
    listed()
    print(json.dumps({"module": oc.__file__, "list uncached": rate(listed, 7, clear), "list cached": rate(listed, 7, batch=200),
                      "stat uncached": rate(stat, 7, clear), "stat cached": rate(stat, 7, batch=2000)}))
"""


def bench_original(moto, azurite, proxy, args, folder):
    """Ours against the original client, each in processes of its own, rounds alternating."""
    theirs = original_python(args.original)
    bucket, container = moto.new_bucket(), azurite.new_container()
    data = os.urandom(args.size_mib << 20)
    s3 = moto.client()
    s3.put_object(Bucket=bucket, Key="read.bin", Body=data)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: s3.put_object(Bucket=bucket, Key=f"many/k{i:05}", Body=b"x"), range(args.keys)))
    azurite.service().get_container_client(container).upload_blob("read.bin", data)
    (folder / "omniverse.toml").write_text(  # the original takes credentials from here only
        f'[s3."{bucket}{S3_SUFFIX}"]\naccessKeyId = "{moto.access_key_id}"\n'
        f'secretAccessKey = "{moto.secret_access_key}"\n\n'
        f'[azure."{AZURE_ACCOUNT}{AZURE_SUFFIX}/{container}"]\nsasToken = "{azurite.sas(container)}"\n')
    script = folder / "client.py"
    script.write_text(CLIENT)
    # (not this process's PYTHONPATH: with our python/ on it, the original's Python would import ours)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMNI", "AWS_", "PYTHON"))}
    env.update(OMNICLIENT_HUB_MODE="disabled", OMNI_CONFIG_PATH=str(folder),
               BENCH_EMULATORS=f"moto={moto.pid},Azurite={azurite.pid},proxy={proxy.pid}")
    repo_python = Path(__file__).resolve().parents[1] / "python"
    ours_env = dict(env, PYTHONPATH=str(repo_python))

    def run(python, run_env, *script_args):
        done = subprocess.run([str(python), str(script), *map(str, script_args)], env=run_env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        measures = json.loads(done.stdout.splitlines()[-1])
        assert Path(measures.pop("module")).is_relative_to(repo_python) == (run_env is ours_env), "not the client meant"
        return measures

    cases = [("S3", "read", s3_url(bucket, "read.bin"), 3), ("Azure", "read", azure_url(container, "read.bin"), 3),
             ("S3", "listing", s3_url(bucket, "many"), s3_url(bucket, "many/k00000"), args.keys)]
    for label, *script_args in cases:
        rounds = [(run(sys.executable, ours_env, *script_args), run(theirs, env, *script_args)) for _ in range(args.rounds)]
        for measure in rounds[0][0]:
            pairs = [(ours[measure][0], original[measure][0]) for ours, original in rounds]
            cpu = [(ours[measure][1], original[measure][1]) for ours, original in rounds]
            ratios = [o / t for o, t in pairs]
            unit = "MiB/s" if measure == "read" else "/s"
            what = f"{measure} {args.size_mib} MiB" if measure == "read" else f"{measure.split()[0]} ({args.keys} keys) {measure.split()[1]}"
            # No client beats the original by much more than the original's time per op over the
            # CPU time the busiest emulator spends on one of ours (not a strict bound: an emulator's
            # threads may overlap, e.g. TLS outside Python's lock).
            per_op = args.size_mib if measure == "read" else 1
            busiest = [max(ours[measure][2].items(), key=lambda item: item[1]) for ours, _ in rounds]
            ceiling = ""
            if all(seconds for _, seconds in busiest):  # (cached cases: the emulators do nothing)
                ceilings = [per_op / t / seconds for (_, t), (_, seconds) in zip(pairs, busiest)]
                ceiling = ("; busiest emulator's CPU per op of ours " + ", ".join(f"{name} {seconds * 1e3:.3g}" for name, seconds in busiest)
                           + f" ms, so a ceiling of about {statistics.median(ceilings):.2f}x")
            print(f"{label} {what} vs the original: "
                  + ", ".join(f"{o:.4g}/{t:.4g}" for o, t in pairs)
                  + f" {unit}; ratio median {statistics.median(ratios):.2f}x (range {min(ratios):.2f}-{max(ratios):.2f}x); "
                  + "client CPU per op " + ", ".join(f"{o * 1e3:.3g}/{t * 1e3:.3g}" for o, t in cpu) + " ms" + ceiling, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--original", nargs="?", const="", metavar="PYTHON",
                        help="compare reads, stats and lists with the original client (only that), run by PYTHON, "
                             "a virtualenv's that has it (default: the interop tests' virtualenv)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        certs = make_certificates(Path(tmp))
        proxy_port = free_port()
        # The emulators speak TLS themselves and the proxy only relays the tunnels' bytes: the
        # single-threaded Python proxy of the tests, terminating TLS and parsing each request,
        # would bound both sides alike.
        with moto_server(certs) as moto, azurite_server(Path(tmp) / "azurite", proxy_port, certs) as azurite, \
                proxy_server(certs, {S3_SUFFIX: moto.port, AZURE_SUFFIX: azurite.port}, proxy_port, tunnel=True) as proxy:
            os.environ.update(client_environment(proxy, moto))
            os.environ["no_proxy"] = "127.0.0.1"  # the SDK clients that set up straight at the emulators
            os.environ["OMNI_CONFIG_PATH"] = tmp
            if args.original is not None:
                return bench_original(moto, azurite, proxy, args, Path(tmp))
            import omni.client as omni
            bench_s3(omni, proxy, moto, args)
            bench_azure(omni, proxy, azurite, args)


if __name__ == "__main__":
    main()
