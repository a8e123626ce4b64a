#!/usr/bin/env python3
"""The cost model of docs/scale-out.md: step time of synchronous data-parallel training on N workers.

    t(N) = C / N  +  8·P·N / W  +  L          (ordered: every worker's weights out and gradient back
                                                through the driver's link)
    t(N) = C / N  +  8·P·k / W  +  L          (tree of depth 2: broadcast by torrent, the driver
                                                receives k ≈ √N partial sums)

C: compute of one step's global batch on one worker (the benchmark's tokens per step / its tokens/s),
P: parameters (float32, 4 bytes), W: the driver's bandwidth in bytes/s, L: per-step job latency.
Prints the markdown table for the benchmark configurations (README, Performance).
Usage: cost_model.py [--bandwidth-gbit 10] [--latency-ms 50]
"""
import argparse
import math


def lstm(i, h):
    return 4 * h * (i + h) + 8 * h


def gru(i, h):
    return 3 * h * (i + h) + 6 * h


def rnn(i, h):
    return h * (i + h) + 2 * h


def head(h, v):
    return h * v + v


# name, parameters, tokens per step (B*T), measured train tokens/s on the 2-vCPU machine (README)
CONFIGS = [
    ("A", lstm(64, 256) + lstm(256, 256) + head(256, 64), 32 * 64, 23319),
    ("B", lstm(512, 512) + head(512, 512), 64 * 64, 9350),
    ("C", gru(64, 256) + gru(256, 256) + head(256, 64), 32 * 64, 26000),
    ("D", rnn(64, 256) + head(256, 64), 32 * 64, 183993),
    ("E", lstm(64, 1024) + head(1024, 64), 32 * 64, 4905),
]
WORKERS = [1, 2, 4, 8, 16, 32, 64, 100]


def step_time(c, p, n, bandwidth, latency, tree):
    if n == 1:
        return c
    through_driver = math.sqrt(n) if tree else n
    return c / n + 8.0 * p * through_driver / bandwidth + latency


def weak_speedup(c, p, n, bandwidth, latency, tree):
    """Throughput gain when each worker keeps the benchmark's batch (the global batch grows N times)."""
    if n == 1:
        return 1.0
    through_driver = math.sqrt(n) if tree else n
    return n * c / (c + 8.0 * p * through_driver / bandwidth + latency)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bandwidth-gbit", type=float, default=10.0)
    ap.add_argument("--latency-ms", type=float, default=50.0)
    a = ap.parse_args()
    w = a.bandwidth_gbit * 1e9 / 8
    lat = a.latency_ms / 1e3
    print(f"driver link {a.bandwidth_gbit:g} Gbit/s, per-step latency {a.latency_ms:g} ms; "
          "speed-up over one machine, ordered / tree; N* = best ordered N (sqrt(C W / 8P))")
    print()
    print("| config | parameters | traffic per worker and step | C (one machine) | "
          + " | ".join(f"N={n}" for n in WORKERS[1:]) + " | N* |")
    print("|---|---|---|---|" + "---|" * (len(WORKERS) - 1) + "---|")
    for name, p, tokens, rate in CONFIGS:
        c = tokens / rate
        cells = []
        for n in WORKERS[1:]:
            so = c / step_time(c, p, n, w, lat, False)
            st = c / step_time(c, p, n, w, lat, True)
            cells.append(f"{so:.2f} / {st:.2f}")
        nstar = math.sqrt(c * w / (8 * p))
        print(f"| {name} | {p:,} | {8 * p / 1e6:.1f} MB | {c * 1e3:.0f} ms | " + " | ".join(cells)
              + f" | {nstar:.0f} |")
    print()
    print("Weak scaling (each worker keeps the benchmark's batch, the global batch is N times larger): tokens/s"
          " gain over one machine, ordered / tree")
    print()
    print("| config | " + " | ".join(f"N={n}" for n in WORKERS[1:]) + " |")
    print("|---|" + "---|" * (len(WORKERS) - 1))
    for name, p, tokens, rate in CONFIGS:
        c = tokens / rate
        cells = [f"{weak_speedup(c, p, n, w, lat, False):.1f} / {weak_speedup(c, p, n, w, lat, True):.1f}"
                 for n in WORKERS[1:]]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
