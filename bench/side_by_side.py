#!/usr/bin/env python3
"""Runs rnn4j and PyTorch on the fixed benchmark configurations, alternating in one run, and prints
the rnn4j/PyTorch ratios as a Markdown table.

    /usr/bin/python3 bench/side_by_side.py [--configs A,B,C,D,E,stream] [--rounds 3] [--seconds 5]

rnn4j runs through ./rnn4j (the Vector API kernels). PyTorch (Debian python3-torch, /usr/bin/python3)
runs with 2 threads, OMP_WAIT_POLICY=PASSIVE, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for its
command alone, so that OpenBLAS uses this CPU's AVX-512 kernels: PyTorch at its best here.
Each figure is the median over the rounds; each round's figure is itself a median over repeated steps.

Setup, once per machine: `apt-get install python3-torch libopenblas0-pthread`. Without OpenBLAS,
Debian's torch falls back to the reference BLAS (libblas3) and runs 20-50x slower, which would make
any comparison meaningless; this script refuses to run in that case.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in output:\n" + text)


def run_rnn4j(config, seconds, threads):
    cmd = [os.path.join(ROOT, "rnn4j"), "bench", "--config", config, "--json", "--seconds", str(seconds),
           "--threads", str(threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode != 0:
        raise RuntimeError("rnn4j failed: " + res.stderr)
    return last_json(res.stdout)


def run_torch(config, seconds, threads):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch_bench.py"), "--config", config,
           "--seconds", str(seconds), "--threads", str(threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        raise RuntimeError("pytorch failed: " + res.stderr)
    return last_json(res.stdout)


def check_torch_blas():
    """Refuses to compare against a PyTorch running on the reference BLAS."""
    code = ("import time, torch; torch.set_num_threads(2); a = torch.randn(1024, 1024); a @ a; "
            "t = time.perf_counter(); [a @ a for _ in range(5)]; "
            "print(2 * 1024 ** 3 * 5 / (time.perf_counter() - t) / 1e9)")
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    res = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, env=env)
    gflops = float(res.stdout.strip() or 0)
    if gflops < 50:
        sys.exit(f"PyTorch multiplies at {gflops:.1f} GFLOP/s: it is on the reference BLAS. "
                 "Install OpenBLAS (apt-get install libopenblas0-pthread) and run again.")


def main():
    check_torch_blas()
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="A,B,C,D,E,stream")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write all raw results to this file")
    args = ap.parse_args()
    configs = args.configs.split(",")
    raw = {c: {"rnn4j": [], "pytorch": []} for c in configs}
    for r in range(args.rounds):
        for c in configs:
            # alternate which side goes first, so drift in the machine's load hits both alike
            order = [("rnn4j", run_rnn4j), ("pytorch", run_torch)]
            if r % 2 == 1:
                order.reverse()
            for name, fn in order:
                result = fn(c, args.seconds, args.threads)
                raw[c][name].append(result)
                print(f"round {r + 1} {c} {name}: {json.dumps(result)}", file=sys.stderr, flush=True)

    def med(c, side, key):
        return statistics.median(x[key] for x in raw[c][side])

    java = subprocess.run([os.path.join(ROOT, "rnn4j"), "--version"], capture_output=True, text=True, cwd=ROOT).stdout
    print(f"Measured {datetime.date.today()} on {platform.machine()} ({os.cpu_count()} cores), "
          f"{args.rounds} alternating rounds, {args.threads} threads each; rnn4j: "
          + " / ".join(line.strip() for line in java.strip().splitlines()))
    print()
    print("| config | rnn4j train tok/s | PyTorch train tok/s | train ratio | rnn4j infer tok/s |"
          " PyTorch infer tok/s | infer ratio | rnn4j GFLOP/s |")
    print("|---|---|---|---|---|---|---|---|")
    for c in configs:
        if c == "stream":
            ours = med(c, "rnn4j", "us_per_step")
            theirs = med(c, "pytorch", "us_per_step")
            print(f"| stream (µs/step, lower is better) | {ours:.1f} µs | {theirs:.1f} µs | "
                  f"{theirs / ours:.2f}× faster | | | | |")
            continue
        tr = med(c, "rnn4j", "train_tokens_per_s")
        tp = med(c, "pytorch", "train_tokens_per_s")
        ir = med(c, "rnn4j", "infer_tokens_per_s")
        ip = med(c, "pytorch", "infer_tokens_per_s")
        g = med(c, "rnn4j", "gflops")
        print(f"| {c} | {tr:,.0f} | {tp:,.0f} | {tr / tp:.2f}× | {ir:,.0f} | {ip:,.0f} | {ir / ip:.2f}× | {g:.0f} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
