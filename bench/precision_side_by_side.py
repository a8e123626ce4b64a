#!/usr/bin/env python3
"""Reduced-precision serving, measured in one run: rnn4j's inference at fp32, bf16 and int8 against
PyTorch's fp32 and its `quantize_dynamic` int8 (qnnpack and onednn engines), alternating.

    /usr/bin/python3 bench/precision_side_by_side.py [--configs A,stream] [--rounds 5] [--seconds 3]

Configurations as `rnn4j bench`: A is inference over a 32 x 64 batch of a 2-layer 256-unit LSTM with
its head, "stream" one sequence one step. Each round runs every variant once, in an order that is
reversed every other round; a ratio is the median of the per-round ratios, with the smallest and
largest in brackets. Setup as for `side_by_side.py` (python3-torch, libopenblas0-pthread).
"""
import argparse
import datetime
import statistics
import subprocess
import sys

import side_by_side as sbs

ENGINES = ("qnnpack", "onednn")


def run_rnn4j(config, seconds, threads, precision):
    cmd = [f"{sbs.ROOT}/rnn4j", "bench", "--config", config, "--json", "--seconds", str(seconds),
           "--threads", str(threads), "--precision", precision]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=sbs.ROOT)
    if res.returncode != 0:
        raise RuntimeError("rnn4j failed: " + res.stderr)
    return sbs.last_json(res.stdout)


def run_torch(config, seconds, threads, env, engine):
    cmd = ["/usr/bin/python3", f"{sbs.ROOT}/bench/pytorch_bench.py", "--config", config, "--seconds", str(seconds),
           "--threads", str(threads)] + (["--quantize", engine] if engine else [])
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        raise RuntimeError("pytorch failed: " + res.stderr[-2000:])
    return sbs.last_json(res.stdout)


def speed(config, result):
    """Higher is faster: tokens/s for a batch configuration, steps/s for the stream step."""
    return 1e6 / result["us_per_step"] if config == "stream" else result["infer_tokens_per_s"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="A,stream")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    env, blas_note = sbs.torch_env()
    variants = [("rnn4j fp32", lambda c, e: run_rnn4j(c, args.seconds, args.threads, "fp32")),
                ("rnn4j bf16", lambda c, e: run_rnn4j(c, args.seconds, args.threads, "bf16")),
                ("rnn4j int8", lambda c, e: run_rnn4j(c, args.seconds, args.threads, "int8")),
                ("PyTorch fp32", lambda c, e: run_torch(c, args.seconds, args.threads, e, None))]
    variants += [(f"PyTorch int8 {g}", lambda c, e, g=g: run_torch(c, args.seconds, args.threads, e, g))
                 for g in ENGINES]
    configs = args.configs.split(",")
    raw = {c: {name: [] for name, _ in variants} for c in configs}
    for r in range(args.rounds):
        for c in configs:
            order = variants if r % 2 == 0 else list(reversed(variants))
            for name, fn in order:
                result = fn(c, env)
                raw[c][name].append(speed(c, result))
                print(f"round {r + 1} {c} {name}: {speed(c, result):.1f}", file=sys.stderr, flush=True)

    def ratio(c, num, den):
        rs = [a / b for a, b in zip(raw[c][num], raw[c][den])]
        return f"{statistics.median(rs):.2f}× ({min(rs):.2f}–{max(rs):.2f})"

    print(f"Measured {datetime.date.today()}, {args.rounds} alternating rounds, {args.threads} threads; {blas_note}")
    print()
    print("| config | variant | median speed | vs rnn4j fp32 | rnn4j int8 vs this |")
    print("|---|---|---|---|---|")
    for c in configs:
        unit = "steps/s" if c == "stream" else "tokens/s"
        for name, _ in variants:
            med = statistics.median(raw[c][name])
            print(f"| {c} | {name} | {med:,.0f} {unit} | {ratio(c, name, 'rnn4j fp32')} | "
                  f"{ratio(c, 'rnn4j int8', name)} |")


if __name__ == "__main__":
    main()
