#!/usr/bin/env python3
"""PyTorch side of `bench/side_by_side.sh`: the same configurations and the same training step as
`rnn4j bench` (forward through the recurrent stack, Linear(H->V) at every step, mean softmax
cross-entropy, backward, plain SGD with lr 0.1), on random inputs [T, B, I] and random targets.
Prints one JSON line with the same keys as `rnn4j bench --json`.

`--quantize ENGINE` measures inference only (the stream step, or `infer_tokens_per_s`) of the model
after `torch.ao.quantization.quantize_dynamic` (int8 weights of the LSTM and the Linear head, fp32
activations), on the quantized engine named (qnnpack or onednn in Debian's torch).
"""
import argparse
import json
import os
import resource
import statistics
import time

CONFIGS = {
    #        cell     I    H    L  B   T   V
    "A": ("LSTM", 64, 256, 2, 32, 64, 64),
    "B": ("LSTM", 512, 512, 1, 64, 64, 512),
    "C": ("GRU", 64, 256, 2, 32, 64, 64),
    "D": ("RNN", 64, 256, 1, 32, 64, 64),
    "E": ("LSTM", 64, 1024, 1, 32, 64, 64),
    "stream": ("LSTM", 64, 256, 2, 1, 1, 64),
}


def build(cell, i, h, layers, v):
    if cell == "LSTM":
        rnn = torch.nn.LSTM(i, h, layers)
    elif cell == "GRU":
        rnn = torch.nn.GRU(i, h, layers)
    else:
        rnn = torch.nn.RNN(i, h, layers, nonlinearity="tanh")
    return rnn, torch.nn.Linear(h, v)


def timed(fn, warmup, seconds, min_reps):
    for _ in range(warmup):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True, choices=sorted(CONFIGS) + ["peak"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--quantize", metavar="ENGINE", help="int8 dynamic quantization on this engine; inference only")
    args = ap.parse_args()
    # Debian's OpenBLAS (libopenblas0-pthread) runs its own threads, which torch.set_num_threads does
    # not limit: without this, "--threads 1" multiplied on both cores (288 GFLOP/s measured, above
    # one core's FMA peak). Read when the library loads, so before the import.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    # qnnpack warns through glog on every quantized Linear call that reduce_range is ignored
    os.environ.setdefault("GLOG_minloglevel", "2")
    global torch
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.config == "peak":
        # the 2048^3 float multiply of `rnn4j bench --config peak`, through PyTorch's BLAS
        n = 2048
        a = torch.randn(n, n)
        bm = torch.randn(n, n)
        sec = timed(lambda: torch.mm(a, bm), 2, args.seconds, 5)
        print(json.dumps({"config": "peak", "impl": "pytorch", "gflops": 2.0 * n ** 3 / sec / 1e9,
                          "torch": torch.__version__, "threads": args.threads}))
        return
    cell, i, h, layers, b, t, v = CONFIGS[args.config]
    rnn, head = build(cell, i, h, layers, v)
    if args.quantize:
        if args.quantize not in torch.backends.quantized.supported_engines:
            raise SystemExit(f"pytorch_bench.py: engine {args.quantize} is not one of "
                             f"{torch.backends.quantized.supported_engines}")
        torch.backends.quantized.engine = args.quantize
        pair = torch.ao.quantization.quantize_dynamic(torch.nn.ModuleList([rnn, head]),
                                                     {torch.nn.LSTM, torch.nn.GRU, torch.nn.Linear}, dtype=torch.qint8)
        rnn, head = pair[0], pair[1]
    params = list(rnn.parameters()) + list(head.parameters())
    opt = None if args.quantize else torch.optim.SGD(params, lr=0.1)


    loss_fn = torch.nn.CrossEntropyLoss()

    if args.config == "stream":
        x = torch.randn(1, 1, i)
        state = None
        with torch.no_grad():
            def step():
                nonlocal state
                out, state = rnn(x, state)
                head(out)
            sec = timed(step, 200, args.seconds, 1000)
        print(json.dumps({"config": "stream", "impl": "pytorch", "us_per_step": sec * 1e6,
                          "torch": torch.__version__, "threads": args.threads, "quantize": args.quantize}))
        return

    x = torch.randn(t, b, i)
    y = torch.randint(0, v, (t * b,))

    def train_step():
        opt.zero_grad()
        out, _ = rnn(x)
        loss = loss_fn(head(out).reshape(t * b, v), y)
        loss.backward()
        opt.step()

    def infer_step():
        with torch.no_grad():
            out, _ = rnn(x)
            head(out)

    if args.quantize:
        infer = timed(infer_step, 3, args.seconds / 2, 5)
        print(json.dumps({"config": args.config, "impl": "pytorch", "infer_tokens_per_s": t * b / infer,
                          "torch": torch.__version__, "threads": args.threads, "quantize": args.quantize}))
        return
    train = timed(train_step, 3, args.seconds, 5)
    infer = timed(infer_step, 3, args.seconds / 2, 5)
    d = 1
    g = {"LSTM": 4, "GRU": 3, "RNN": 1}[cell]
    fwd = sum(2.0 * t * b * g * h * ((i if k == 0 else d * h) + h) for k in range(layers)) + 2.0 * t * b * h * v
    # backward = 2x forward less the first layer's input gradient (x does not require grad)
    train_flops = 3 * fwd - 2.0 * t * b * g * h * i
    print(json.dumps({
        "config": args.config, "impl": "pytorch",
        "train_tokens_per_s": t * b / train, "infer_tokens_per_s": t * b / infer,
        "ms_per_step": train * 1e3, "gflops": train_flops / train / 1e9,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "torch": torch.__version__, "threads": args.threads}))


if __name__ == "__main__":
    main()
