#!/usr/bin/env python3
"""Runs rnn4j and PyTorch on the fixed benchmark configurations, alternating in one run, and prints
the rnn4j/PyTorch ratios as a Markdown table.

    /usr/bin/python3 bench/side_by_side.py [--configs A,B,C,D,E,stream] [--rounds 3] [--seconds 5]
                                           [--baseline DIR]

rnn4j runs through ./rnn4j (the Vector API kernels). PyTorch (Debian python3-torch, /usr/bin/python3)
runs with 2 threads, OMP_WAIT_POLICY=PASSIVE, and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for its
command alone, so that OpenBLAS uses this CPU's AVX-512 kernels: PyTorch at its best here. Where
OpenBLAS's auto-detection does not know the CPU and would fall back to SSE3 kernels (it does on
Intel model 207), the script names the AVX-512 core (Cooperlake or SkylakeX) explicitly, checks
that OpenBLAS took it, and says so in the table's heading.
Each figure is the median over the rounds; each round's figure is itself a median over repeated steps.
A ratio is the median of the per-round ratios (the two sides of a round ran back to back), with the
smallest and largest in brackets: on a shared machine the speed drifts from round to round.
With --baseline DIR (an earlier checkout, e.g. `git worktree add DIR REV`), that checkout's ./rnn4j
runs in the same rounds too, and a second table gives this/baseline ratios: what a change cost or gained.

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


def run_rnn4j(config, seconds, threads, root=ROOT):
    cmd = [os.path.join(root, "rnn4j"), "bench", "--config", config, "--json", "--seconds", str(seconds),
           "--threads", str(threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    if res.returncode != 0:
        raise RuntimeError("rnn4j failed: " + res.stderr)
    return last_json(res.stdout)


# OpenBLAS 0.3.21 (Debian 12) knows these cores as AVX-512 ones; on a CPU it does not recognise
# (Intel model 207, Emerald Rapids, seen here) its auto-detection falls back to Prescott, plain
# SSE3, and PyTorch multiplies 5x slower than it can.
AVX512_CORES = ("SkylakeX", "Cooperlake", "SapphireRapids")


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def openblas_probe(env):
    """The OpenBLAS core PyTorch runs on under env, and the BLAS libraries it has mapped."""
    code = ("import torch; a = torch.randn(64, 64); a @ a; "
            "print(sorted({l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l.lower()}))")
    res = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                         env=dict(env, OPENBLAS_VERBOSE="2"))
    if res.returncode != 0:
        sys.exit("PyTorch does not run under /usr/bin/python3 (apt-get install python3-torch): "
                 + res.stderr.strip()[-500:])
    core = next((line.split(":", 1)[1].strip() for line in (res.stdout + res.stderr).splitlines()
                 if line.startswith("Core:")), "unknown")
    return core, res.stdout.strip()


def torch_env():
    """PyTorch at its best here: 2 threads' worth of OpenMP that does not spin, OpenBLAS on its
    AVX-512 kernels. Returns the environment and a line describing it.

    Refuses to compare against a PyTorch on the reference BLAS (20-50x slower). Which library is
    loaded and which core OpenBLAS chose are read from the process, not guessed from a timing:
    on a shared machine a timing can be several times off.
    """
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["OMP_WAIT_POLICY"] = "PASSIVE"
    core, libs = openblas_probe(env)
    if "openblas" not in libs.lower():
        sys.exit(f"PyTorch's BLAS is {libs or 'unknown'}, not OpenBLAS: it would run on the reference BLAS, "
                 "20-50x slower. Install OpenBLAS (apt-get install libopenblas0-pthread) and run again.")
    note = f"OpenBLAS core {core} (auto-detected)"
    flags = cpu_flags()
    if core not in AVX512_CORES and "avx512f" in flags:
        forced = "Cooperlake" if "avx512_bf16" in flags else "SkylakeX"
        env["OPENBLAS_CORETYPE"] = forced
        core, _ = openblas_probe(env)
        if core not in AVX512_CORES:
            sys.exit(f"OpenBLAS does not take its AVX-512 kernels on this CPU (asked for {forced}, got {core})")
        note = f"OpenBLAS core {core} (forced: auto-detection chose {note.split()[2]} on this CPU)"
    return env, note


def run_torch(config, seconds, threads, env):
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch_bench.py"), "--config", config,
           "--seconds", str(seconds), "--threads", str(threads)]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        raise RuntimeError("pytorch failed: " + res.stderr)
    return last_json(res.stdout)


def print_table(raw, meta):
    """The Markdown table of one run's raw results."""
    configs = list(raw)

    def med(c, side, key):
        return statistics.median(x[key] for x in raw[c][side])

    def ratios(c, key, invert=False):
        """rnn4j/PyTorch per round (the two ran back to back): median, min, max. The machine's speed
        drifts between rounds more than it does between two neighbouring runs."""
        rs = [(t[key] / r[key]) if invert else (r[key] / t[key]) for r, t in zip(raw[c]["rnn4j"], raw[c]["pytorch"])]
        return statistics.median(rs), min(rs), max(rs)

    def fmt(rng):
        m, lo, hi = rng
        return f"{m:.2f}× ({lo:.2f}–{hi:.2f})"

    print(f"Measured {meta['date']} on {meta['machine']}, {meta['rounds']} alternating rounds, {meta['threads']} "
          f"threads each; rnn4j: {meta['rnn4j']}; PyTorch {meta['torch']}, {meta['blas']}")
    print()
    print("| config | rnn4j train tok/s | PyTorch train tok/s | train ratio | rnn4j infer tok/s |"
          " PyTorch infer tok/s | infer ratio | rnn4j GFLOP/s |")
    print("|---|---|---|---|---|---|---|---|")
    for c in configs:
        if c == "peak":
            continue
        if c == "stream":
            ours = med(c, "rnn4j", "us_per_step")
            theirs = med(c, "pytorch", "us_per_step")
            print(f"| stream (µs/step, lower is better) | {ours:.1f} µs | {theirs:.1f} µs | "
                  f"{fmt(ratios(c, 'us_per_step', invert=True))} faster | | | | |")
            continue
        tr = med(c, "rnn4j", "train_tokens_per_s")
        tp = med(c, "pytorch", "train_tokens_per_s")
        ir = med(c, "rnn4j", "infer_tokens_per_s")
        ip = med(c, "pytorch", "infer_tokens_per_s")
        g = med(c, "rnn4j", "gflops")
        print(f"| {c} | {tr:,.0f} | {tp:,.0f} | {fmt(ratios(c, 'train_tokens_per_s'))} | {ir:,.0f} | {ip:,.0f} | "
              f"{fmt(ratios(c, 'infer_tokens_per_s'))} | {g:.0f} |")
    if "peak" in configs:
        ours = med("peak", "rnn4j", "gflops")
        theirs = med("peak", "pytorch", "gflops")
        best = max(ours, theirs)
        line = (f"\n2048³ float multiply, same run: rnn4j {ours:.0f} GFLOP/s, OpenBLAS through PyTorch "
                f"{theirs:.0f} GFLOP/s.")
        if "B" in configs:
            b = med("B", "rnn4j", "gflops")
            line += (f" Config B's training step does its matrix work at {b:.0f} GFLOP/s: {100 * b / best:.0f}% of "
                     f"the faster of the two ({100 * b / ours:.0f}% of rnn4j's own).")
        print(line)


def print_baseline_table(raw, baseline):
    """rnn4j against an earlier checkout of itself, round by round: the cost or gain of a change."""
    print()
    print(f"This checkout against {baseline} (its ./rnn4j run in the same rounds), medians of the per-round ratios"
          " this/baseline (> 1: this checkout is faster):")
    print()
    print("| config | train ratio | infer ratio |")
    print("|---|---|---|")
    for c in raw:
        if c == "peak" or not raw[c].get("baseline"):
            continue
        pairs = list(zip(raw[c]["rnn4j"], raw[c]["baseline"]))
        if c == "stream":
            rs = [b["us_per_step"] / r["us_per_step"] for r, b in pairs]
            print(f"| stream | {statistics.median(rs):.3f} ({min(rs):.3f}–{max(rs):.3f}) | |")
            continue
        cells = []
        for key in ("train_tokens_per_s", "infer_tokens_per_s"):
            rs = [r[key] / b[key] for r, b in pairs]
            cells.append(f"{statistics.median(rs):.3f} ({min(rs):.3f}–{max(rs):.3f})")
        print(f"| {c} | {cells[0]} | {cells[1]} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="A,B,C,D,E,stream,peak")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write all raw results to this file")
    ap.add_argument("--baseline", metavar="DIR",
                    help="an earlier checkout of rnn4j (e.g. a git worktree) whose ./rnn4j runs in the same rounds,"
                         " for before/after ratios of a change")
    ap.add_argument("--table-from", metavar="JSON", help="print the table of a run saved with --json, run nothing")
    args = ap.parse_args()
    if args.table_from:
        with open(args.table_from) as f:
            saved = json.load(f)
        print_table(saved["raw"], saved["meta"])
        if saved["meta"].get("baseline"):
            print_baseline_table(saved["raw"], saved["meta"]["baseline"])
        return
    configs = args.configs.split(",")
    env, blas_note = torch_env()
    print(f"PyTorch: {blas_note}", file=sys.stderr, flush=True)
    raw = {c: {"rnn4j": [], "pytorch": [], "baseline": []} for c in configs}
    for r in range(args.rounds):
        for c in configs:
            # alternate which side goes first, so drift in the machine's load hits both alike
            order = [("rnn4j", run_rnn4j),
                     ("pytorch", lambda cfg, sec, th: run_torch(cfg, sec, th, env))]
            if args.baseline and c != "peak":
                order.insert(1, ("baseline", lambda cfg, sec, th: run_rnn4j(cfg, sec, th, args.baseline)))
            if r % 2 == 1:
                order.reverse()
            for name, fn in order:
                result = fn(c, args.seconds, args.threads)
                raw[c][name].append(result)
                print(f"round {r + 1} {c} {name}: {json.dumps(result)}", file=sys.stderr, flush=True)
    java = subprocess.run([os.path.join(ROOT, "rnn4j"), "--version"], capture_output=True, text=True, cwd=ROOT).stdout
    meta = {"date": str(datetime.date.today()), "machine": f"{platform.machine()} ({os.cpu_count()} cores)",
            "rounds": args.rounds, "threads": args.threads,
            "rnn4j": " / ".join(line.strip() for line in java.strip().splitlines()),
            "torch": raw[configs[0]]["pytorch"][0].get("torch", "?"), "blas": blas_note,
            "baseline": args.baseline}
    print_table(raw, meta)
    if args.baseline:
        print_baseline_table(raw, args.baseline)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "raw": raw}, f, indent=1)


if __name__ == "__main__":
    main()
