#!/usr/bin/env python3
"""Extra golden cases in the rnn4j-golden-v1 format (shared/golden/FORMAT.md).

The visible golden set uses short sequences and small sizes. These cases cover what the
acceptance run adds beyond them: long sequences (200-400 steps), hidden size 1, batch 1,
four layers, odd sizes with variable lengths, inputs scaled x4 and x10, and model and
truncated-BPTT cases with other optimizer, clipping and size settings.

Method (FORMAT.md, introduction): every input is drawn in float32; the reference runs in
PyTorch float64 on those float32 values converted exactly; every expected tensor is rounded
once to float32 when written. The same computation in PyTorch float32 is compared with the
unrounded float64 reference to give the "f32 ratio" of INDEX.md, the largest
|f32 - f64| / (1e-4 + 1e-4 |f64|) over every expected tensor of the file.

Optimizer steps and clipping come from torch.optim / torch.nn.utils; in float64 each step is
also recomputed from the equations of FORMAT.md 4.4-4.5 and must agree, so a mismatch between
PyTorch and the written specification stops the generator instead of producing a file.

Usage: /usr/bin/python3 tools/golden/gen_extra.py [--out DIR]
(default DIR: rnn4j-tasks/src/test/resources/golden-extra next to this repository's tools/).
Deterministic: each case has its own fixed seed and torch runs on one thread, so a rerun
rewrites byte-identical files.
"""

import argparse
import copy
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ATOL = 1e-4
RTOL = 1e-4
GENERATOR = "gen_extra.py, torch %s, float64 reference" % torch.__version__


# ---------------------------------------------------------------------------
# Container (FORMAT.md 1): 8-byte LE header length, JSON header padded with spaces to a
# multiple of 8, tensors back to back in the data section.

def tensor_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.int64:
        vals = [int(v) for v in t.reshape(-1).tolist()]
        return "I64", struct.pack("<%dq" % len(vals), *vals)
    # Float tensors are rounded once to float32 here (round to nearest even); the values are
    # then exactly representable, so struct's own double -> float conversion is exact.
    vals = t.to(torch.float32).reshape(-1).tolist()
    return "F32", struct.pack("<%df" % len(vals), *vals)


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, torch.Tensor) in file order; metadata: dict str -> str."""
    for k, v in metadata.items():
        assert isinstance(k, str) and isinstance(v, str), (k, v)
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors:
        assert name not in header, name
        shape = list(t.shape)
        assert len(shape) >= 1, name + ": scalars are stored with shape [1]"
        dtype, data = tensor_bytes(t)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    text += b" " * ((-len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    verify_container(path, tensors, metadata)
    return os.path.getsize(path)


def verify_container(path, tensors, metadata):
    """Reads the file back and checks the layout rules of FORMAT.md 1."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0
    header = json.loads(raw[8:8 + n].decode("ascii"))
    assert header["__metadata__"] == metadata
    data = raw[8 + n:]
    spans = []
    for name, t in tensors:
        h = header[name]
        b, e = h["data_offsets"]
        count = 1
        for d in h["shape"]:
            count *= d
        width = 8 if h["dtype"] == "I64" else 4
        assert e - b == width * count, name
        fmt = "<%d%s" % (count, "q" if width == 8 else "f")
        got = struct.unpack(fmt, data[b:e])
        want = t.detach().reshape(-1)
        want = want.tolist() if width == 8 else want.to(torch.float32).tolist()
        assert list(got) == list(want), name
        spans.append((b, e))
    spans.sort()
    pos = 0
    for b, e in spans:
        assert b == pos
        pos = e
    assert pos == len(data)
    assert len(header) == len(tensors) + 1


# ---------------------------------------------------------------------------
# Helpers

def b2s(v):
    return "true" if v else "false"


def r2s(v):
    return repr(float(v))


def ratio_stats(got, ref):
    """Largest abs error and largest error/(atol + rtol |ref|) of a float32 result vs the reference."""
    got = got.detach().to(torch.float64)
    ref = ref.detach().to(torch.float64)
    assert got.shape == ref.shape
    if got.numel() == 0:
        return 0.0, 0.0
    err = (got - ref).abs()
    ratio = err / (ATOL + RTOL * ref.abs())
    return float(err.max()), float(ratio.max())


def compare_all(f32, f64):
    """Worst (abs err, ratio, tensor) of the float32 run over every expected tensor."""
    worst = (0.0, 0.0, "")
    max_abs = 0.0
    for name, ref in f64.items():
        a, r = ratio_stats(f32[name], ref)
        max_abs = max(max_abs, a)
        if r >= worst[1]:
            worst = (a, r, name)
    return max_abs, worst[1], worst[2]


def make_rnn(module, input_size, hidden, layers, bias, bf, bidir, proj, nonlin):
    kw = dict(input_size=input_size, hidden_size=hidden, num_layers=layers, bias=bias,
              batch_first=bf, bidirectional=bidir)
    if module == "RNN":
        return nn.RNN(nonlinearity=nonlin, **kw)
    if module == "LSTM":
        return nn.LSTM(proj_size=proj, **kw)
    if module == "GRU":
        return nn.GRU(**kw)
    raise ValueError(module)


def module_desc(module, nonlin):
    return "RNN(%s)" % nonlin if module == "RNN" else module


# ---------------------------------------------------------------------------
# Layer cases (FORMAT.md 3)

def layer_case(out_dir, name, seed, module, I, H, L=1, B=2, T=5, bias=True, bf=False, bidir=False,
               proj=0, nonlin="tanh", h0=False, lengths=None, input_scale=1.0, weight_scale=1.0,
               state_scale=1.0):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    D = 2 if bidir else 1
    Hout = proj if proj > 0 else H
    lstm = module == "LSTM"
    rnn = make_rnn(module, I, H, L, bias, bf, bidir, proj, nonlin)
    with torch.no_grad():
        for p in rnn.parameters():
            p.mul_(weight_scale)  # float32 multiply: the stored weights are what was used
    x_shape = (B, T, I) if bf else (T, B, I)
    out_shape = (B, T, D * Hout) if bf else (T, B, D * Hout)
    x = torch.randn(x_shape, generator=gen) * input_scale
    h0_t = torch.randn(L * D, B, Hout, generator=gen) * state_scale if h0 else None
    c0_t = torch.randn(L * D, B, H, generator=gen) * state_scale if (h0 and lstm) else None
    g_out = torch.randn(out_shape, generator=gen)
    g_hn = torch.randn(L * D, B, Hout, generator=gen)
    g_cn = torch.randn(L * D, B, H, generator=gen) if lstm else None
    len_t = None
    if lengths is not None:
        assert len(lengths) == B and all(1 <= v <= T for v in lengths)
        len_t = torch.tensor(lengths, dtype=torch.int64)
    param_names = [n for n, _ in rnn.named_parameters()]

    def run(dtype):
        m = copy.deepcopy(rnn).to(dtype)
        xi = x.to(dtype).requires_grad_()
        hx = None
        if h0:
            h0i = h0_t.to(dtype).requires_grad_()
            if lstm:
                c0i = c0_t.to(dtype).requires_grad_()
                hx = (h0i, c0i)
            else:
                hx = h0i
        if len_t is not None:
            packed = pack_padded_sequence(xi, len_t, batch_first=bf, enforce_sorted=False)
            out_p, hn = m(packed, hx)
            out, _ = pad_packed_sequence(out_p, batch_first=bf, total_length=T)
        else:
            out, hn = m(xi, hx)
        if lstm:
            h_n, c_n = hn
        else:
            h_n, c_n = hn, None
        loss = (out * g_out.to(dtype)).sum() + (h_n * g_hn.to(dtype)).sum()
        if lstm:
            loss = loss + (c_n * g_cn.to(dtype)).sum()
        loss.backward()
        res = {"expected.output": out.detach(), "expected.h_n": h_n.detach()}
        if lstm:
            res["expected.c_n"] = c_n.detach()
        res["expected.grad.input"] = xi.grad.detach()
        if h0:
            res["expected.grad.h0"] = hx[0].grad.detach() if lstm else hx.grad.detach()
            if lstm:
                res["expected.grad.c0"] = hx[1].grad.detach()
        for n, p in m.named_parameters():
            res["expected.grad." + n] = p.grad.detach()
        return res

    ref = run(torch.float64)
    f32 = run(torch.float32)
    for k, v in ref.items():
        assert torch.isfinite(v).all(), (name, k)
    if lengths is not None:
        # Padded positions must be exact zeros (FORMAT.md 3.6).
        for b, n_valid in enumerate(lengths):
            o = ref["expected.output"][b, n_valid:] if bf else ref["expected.output"][n_valid:, b]
            gi = ref["expected.grad.input"][b, n_valid:] if bf else ref["expected.grad.input"][n_valid:, b]
            assert (o == 0).all() and (gi == 0).all(), name

    tensors = [(n, p.detach()) for n, p in rnn.named_parameters()]
    tensors.append(("input", x))
    if h0:
        tensors.append(("h0", h0_t))
        if lstm:
            tensors.append(("c0", c0_t))
    if len_t is not None:
        tensors.append(("lengths", len_t))
    tensors.append(("grad_output", g_out))
    tensors.append(("grad_h_n", g_hn))
    if lstm:
        tensors.append(("grad_c_n", g_cn))
    order = ["expected.output", "expected.h_n", "expected.c_n", "expected.grad.input",
             "expected.grad.h0", "expected.grad.c0"] + ["expected.grad." + n for n in param_names]
    tensors += [(k, ref[k]) for k in order if k in ref]

    meta = {
        "format": "rnn4j-golden-v1", "kind": "layer", "case": name, "module": module,
        "input_size": str(I), "hidden_size": str(H), "num_layers": str(L), "bias": b2s(bias),
        "batch_first": b2s(bf), "bidirectional": b2s(bidir), "seed": str(seed),
        "batch_size": str(B), "seq_len": str(T), "has_h0": b2s(h0),
        "has_lengths": b2s(lengths is not None), "input_scale": r2s(input_scale),
        "generator": GENERATOR,
    }
    if module == "RNN":
        meta["nonlinearity"] = nonlin
    if lstm:
        meta["proj_size"] = str(proj)
    size = write_safetensors(os.path.join(out_dir, name + ".safetensors"), tensors, meta)

    desc = "%s I=%d H=%d L=%d" % (module_desc(module, nonlin), I, H, L)
    if bidir:
        desc += " bidir"
    if proj:
        desc += " proj=%d" % proj
    desc += " bias=%s bf=%s B=%d T=%d" % (b2s(bias), b2s(bf), B, T)
    if h0:
        desc += " h0"
    if lengths is not None:
        desc += " lengths=" + ",".join(str(v) for v in lengths)
    if input_scale != 1.0:
        desc += " input_scale=%s" % r2s(input_scale)
    if weight_scale != 1.0:
        desc += " weight_scale=%s" % r2s(weight_scale)
    return desc, size, "layer", compare_all(f32, ref)


# ---------------------------------------------------------------------------
# Model and truncated-BPTT cases (FORMAT.md 4 and 5)

class SpecOptimizer:
    """The optimizer equations of FORMAT.md 4.5, used to check torch.optim in float64."""

    def __init__(self, opt):
        self.opt = opt
        self.state = {}

    def step(self, index, p, g, t):
        o = self.opt
        wd = o["weight_decay"]
        if wd != 0:
            g = g + wd * p
        if o["name"] == "adam":
            b1, b2 = o["betas"]
            m, v = self.state.get(index, (torch.zeros_like(p), torch.zeros_like(p)))
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            self.state[index] = (m, v)
            bc1 = 1 - b1 ** t
            bc2 = 1 - b2 ** t
            return p - (o["lr"] / bc1) * m / (v.sqrt() / math.sqrt(bc2) + o["eps"])
        mom = o["momentum"]
        if mom != 0:
            if index not in self.state:
                buf = g.clone()
            else:
                buf = mom * self.state[index] + (1 - o["dampening"]) * g
            self.state[index] = buf
            d = g + mom * buf if o["nesterov"] else buf
        else:
            d = g
        return p - o["lr"] * d


def model_case(out_dir, name, seed, kind, module, V, E, H, L, B, T, opt, clip, bias=True, bf=False,
               bidir=False, proj=0, nonlin="tanh", chunk=None, weight_scale=1.0):
    assert kind in ("model", "tbptt")
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    D = 2 if bidir else 1
    Hout = proj if proj > 0 else H
    lstm = module == "LSTM"
    if kind == "tbptt":
        assert not bidir and chunk is not None
    else:
        chunk = T
    emb = nn.Embedding(V, E)
    rnn = make_rnn(module, E, H, L, bias, bf, bidir, proj, nonlin)
    dec = nn.Linear(D * Hout, V)
    with torch.no_grad():
        for p in rnn.parameters():
            p.mul_(weight_scale)
    tokens = torch.randint(0, V, (B, T), generator=gen, dtype=torch.int64)
    targets = torch.randint(0, V, (B, T), generator=gen, dtype=torch.int64)
    num_chunks = (T + chunk - 1) // chunk

    def named(e, r, d):
        return ([("embedding.weight", e.weight)] + [("rnn." + n, p) for n, p in r.named_parameters()]
                + [("decoder.weight", d.weight), ("decoder.bias", d.bias)])

    initial = [(n, p.detach().clone()) for n, p in named(emb, rnn, dec)]

    def simulate(dtype):
        e, r, d = (copy.deepcopy(m).to(dtype) for m in (emb, rnn, dec))
        params = named(e, r, d)
        plist = [p for _, p in params]
        if opt["name"] == "adam":
            optim = torch.optim.Adam(plist, lr=opt["lr"], betas=opt["betas"], eps=opt["eps"],
                                     weight_decay=opt["weight_decay"])
        else:
            optim = torch.optim.SGD(plist, lr=opt["lr"], momentum=opt["momentum"],
                                    dampening=opt["dampening"], nesterov=opt["nesterov"],
                                    weight_decay=opt["weight_decay"])
        spec = SpecOptimizer(opt) if dtype == torch.float64 else None
        state = None
        losses, norms = [], []
        grads = None
        for j in range(num_chunks):
            s, t_end = j * chunk, min(j * chunk + chunk, T)
            optim.zero_grad(set_to_none=True)
            x = e(tokens[:, s:t_end])  # [B, n, E]
            if not bf:
                x = x.transpose(0, 1)
            y, hn = r(x, state)
            if not bf:
                y = y.transpose(0, 1)
            logits = d(y)  # [B, n, V]
            loss = F.cross_entropy(logits.reshape(-1, V), targets[:, s:t_end].reshape(-1))
            loss.backward()
            manual_norm = math.sqrt(sum(float((p.grad.to(torch.float64) ** 2).sum()) for p in plist))
            if clip["mode"] == "norm":
                tn = float(torch.nn.utils.clip_grad_norm_(plist, clip["max_norm"], norm_type=2.0))
                if dtype == torch.float64:
                    assert abs(tn - manual_norm) <= 1e-12 * max(1.0, manual_norm), (tn, manual_norm)
            else:
                tn = manual_norm if dtype == torch.float64 else float(
                    torch.norm(torch.stack([torch.norm(p.grad, 2) for p in plist]), 2))
                torch.nn.utils.clip_grad_value_(plist, clip["clip_value"])
            losses.append(loss.detach().reshape(1))
            norms.append(torch.tensor([tn], dtype=torch.float64))
            grads = [p.grad.detach().clone() for p in plist]
            before = [p.detach().clone() for p in plist]
            optim.step()
            if spec is not None:
                for i, p in enumerate(plist):
                    want = spec.step(i, before[i], grads[i], j + 1)
                    diff = float((want - p.detach()).abs().max())
                    assert diff <= 1e-13 * max(1.0, float(want.abs().max())), (name, params[i][0], diff)
            state = tuple(h.detach() for h in hn) if lstm else hn.detach()
        res = {}
        if kind == "model":
            res["expected.loss"] = losses[0]
            res["expected.total_norm"] = norms[0]
        else:
            res["expected.losses"] = torch.cat(losses)
            res["expected.total_norms"] = torch.cat(norms)
            res["expected.h_n"] = state[0] if lstm else state
            if lstm:
                res["expected.c_n"] = state[1]
        for (n, _), g in zip(params, grads):
            res["expected.grad." + n] = g
        for n, p in params:
            res["expected.param." + n] = p.detach()
        return res

    ref = simulate(torch.float64)
    f32 = simulate(torch.float32)
    for k, v in ref.items():
        assert torch.isfinite(v).all(), (name, k)
    # Clipping check (FORMAT.md 4.4) on the reference's recorded gradients.
    if clip["mode"] == "value":
        for k, v in ref.items():
            if k.startswith("expected.grad."):
                assert float(v.abs().max()) <= clip["clip_value"]

    tensors = list(initial)
    tensors.append(("tokens", tokens))
    tensors.append(("targets", targets))
    tensors += list(ref.items())

    meta = {
        "format": "rnn4j-golden-v1", "kind": kind, "case": name, "module": module,
        "vocab_size": str(V), "embedding_dim": str(E), "hidden_size": str(H), "num_layers": str(L),
        "bias": b2s(bias), "batch_first": b2s(bf), "bidirectional": b2s(bidir), "seed": str(seed),
        "batch_size": str(B), "seq_len": str(T), "loss": "cross_entropy_mean",
        "optimizer": opt["name"], "lr": r2s(opt["lr"]), "weight_decay": r2s(opt["weight_decay"]),
        "clip": clip["mode"], "generator": GENERATOR,
    }
    if module == "RNN":
        meta["nonlinearity"] = nonlin
    if lstm:
        meta["proj_size"] = str(proj)
    if opt["name"] == "adam":
        meta["betas"] = "%s,%s" % (r2s(opt["betas"][0]), r2s(opt["betas"][1]))
        meta["eps"] = r2s(opt["eps"])
        optd = "adam(lr=%s,b=%s/%s,eps=%s,wd=%s)" % (opt["lr"], opt["betas"][0], opt["betas"][1],
                                                     opt["eps"], opt["weight_decay"])
    else:
        meta["momentum"] = r2s(opt["momentum"])
        meta["dampening"] = r2s(opt["dampening"])
        meta["nesterov"] = b2s(opt["nesterov"])
        optd = "sgd(lr=%s,mom=%s,damp=%s,nesterov=%s,wd=%s)" % (
            opt["lr"], opt["momentum"], opt["dampening"], b2s(opt["nesterov"]), opt["weight_decay"])
    if clip["mode"] == "norm":
        meta["max_norm"] = r2s(clip["max_norm"])
        meta["norm_type"] = "2"
        clipd = "clip_norm=%s" % clip["max_norm"]
        clipped = float(ref["expected.total_norm" if kind == "model" else "expected.total_norms"].max())
        clipd += " (clipped)" if clipped > clip["max_norm"] else " (not clipped)"
        if kind == "tbptt":
            n_clip = int((ref["expected.total_norms"] > clip["max_norm"]).sum())
            clipd = "clip_norm=%s (%d/%d chunks clipped)" % (clip["max_norm"], n_clip, num_chunks)
    else:
        meta["clip_value"] = r2s(clip["clip_value"])
        clipd = "clip_value=%s" % clip["clip_value"]
    if kind == "tbptt":
        meta["chunk_len"] = str(chunk)
        meta["num_chunks"] = str(num_chunks)
    size = write_safetensors(os.path.join(out_dir, name + ".safetensors"), tensors, meta)

    desc = "%s %s V=%d E=%d H=%d L=%d" % (kind, module_desc(module, nonlin), V, E, H, L)
    if bidir:
        desc += " bidir"
    if proj:
        desc += " proj=%d" % proj
    desc += " bias=%s bf=%s B=%d T=%d" % (b2s(bias), b2s(bf), B, T)
    if kind == "tbptt":
        desc += " chunk=%d" % chunk
    if weight_scale != 1.0:
        desc += " weight_scale=%s" % r2s(weight_scale)
    desc += " %s %s" % (optd, clipd)
    return desc, size, kind, compare_all(f32, ref)


def adam(lr=0.01, b1=0.9, b2=0.999, eps=1e-8, wd=0.0):
    return {"name": "adam", "lr": lr, "betas": (b1, b2), "eps": eps, "weight_decay": wd}


def sgd(lr=0.1, momentum=0.0, dampening=0.0, nesterov=False, wd=0.0):
    return {"name": "sgd", "lr": lr, "momentum": momentum, "dampening": dampening,
            "nesterov": nesterov, "weight_decay": wd}


def clip_norm(v):
    return {"mode": "norm", "max_norm": v}


def clip_value(v):
    return {"mode": "value", "clip_value": v}


# ---------------------------------------------------------------------------
# The cases. Seeds: 2000 + case number.

def cases():
    L, M = layer_case, model_case
    odd_len = [9, 1, 4, 10, 6]  # B=5, T=11: a length-1 sequence and max(lengths) = 10 < T
    return [
        # Long sequences, H = 33.
        ("XL01_lstm_T300_h33", 2001, L, dict(module="LSTM", I=5, H=33, B=2, T=300, h0=True)),
        ("XL02_lstm_proj_T300_h33_p11_lengths", 2002, L,
         dict(module="LSTM", I=5, H=33, proj=11, B=2, T=300, bf=True, lengths=[300, 237])),
        ("XL03_rnn_tanh_T400_h33", 2003, L, dict(module="RNN", nonlin="tanh", I=4, H=33, B=2, T=400)),
        ("XL04_rnn_relu_T300_h33_h0", 2004, L,
         dict(module="RNN", nonlin="relu", I=4, H=33, B=2, T=300, h0=True, weight_scale=0.7)),
        ("XL05_gru_bidir_T200_h33", 2005, L,
         dict(module="GRU", I=5, H=33, B=2, T=200, bidir=True, bf=True, h0=True)),
        ("XL06_rnn_relu_bidir_T250_lengths", 2006, L,
         dict(module="RNN", nonlin="relu", I=3, H=17, B=2, T=250, bidir=True, lengths=[181, 250],
              weight_scale=0.7)),
        # Hidden size 1 (and LSTM projected down to 1).
        ("XH01_lstm_h1_2layer_bidir_h0", 2011, L,
         dict(module="LSTM", I=3, H=1, L=2, B=3, T=12, bidir=True, h0=True)),
        ("XH02_gru_h1_lengths_bf", 2012, L,
         dict(module="GRU", I=2, H=1, B=3, T=9, bf=True, lengths=[9, 1, 5])),
        ("XH03_rnn_tanh_h1_3layer", 2013, L, dict(module="RNN", nonlin="tanh", I=4, H=1, L=3, B=2, T=15)),
        ("XH04_rnn_relu_h1_h0", 2014, L, dict(module="RNN", nonlin="relu", I=3, H=1, B=4, T=10, h0=True)),
        ("XH05_lstm_h2_proj1_bidir", 2015, L,
         dict(module="LSTM", I=2, H=2, proj=1, B=2, T=8, bidir=True, h0=True)),
        # Batch 1.
        ("XB01_lstm_b1_bidir_lengths", 2021, L,
         dict(module="LSTM", I=4, H=6, B=1, T=10, bidir=True, h0=True, lengths=[7])),
        ("XB02_gru_b1_2layer_bf", 2022, L, dict(module="GRU", I=3, H=5, L=2, B=1, T=13, bf=True)),
        ("XB03_rnn_relu_b1_T60", 2023, L, dict(module="RNN", nonlin="relu", I=2, H=7, B=1, T=60, h0=True)),
        # Four layers.
        ("X401_lstm_4layer_bidir_h0", 2031, L,
         dict(module="LSTM", I=3, H=5, L=4, B=2, T=6, bidir=True, h0=True)),
        ("X402_gru_4layer_lengths", 2032, L,
         dict(module="GRU", I=4, H=6, L=4, B=3, T=7, lengths=[7, 3, 5])),
        ("X403_rnn_tanh_4layer_bidir_bf", 2033, L,
         dict(module="RNN", nonlin="tanh", I=3, H=4, L=4, B=2, T=5, bidir=True, bf=True)),
        ("X404_lstm_proj_4layer_bf", 2034, L,
         dict(module="LSTM", I=4, H=6, proj=3, L=4, B=2, T=6, bf=True, h0=True)),
        # Odd sizes: I=7, H=13, P=5, B=5, T=11, lengths with a 1 and max < T.
        ("XO01_lstm_proj_bidir_2layer_odd", 2041, L,
         dict(module="LSTM", I=7, H=13, proj=5, L=2, B=5, T=11, bidir=True, h0=True, lengths=odd_len)),
        ("XO02_gru_bidir_odd_bf", 2042, L,
         dict(module="GRU", I=7, H=13, B=5, T=11, bidir=True, bf=True, lengths=odd_len)),
        ("XO03_rnn_relu_bidir_odd_nobias", 2043, L,
         dict(module="RNN", nonlin="relu", I=7, H=13, B=5, T=11, bidir=True, bias=False, h0=True,
              lengths=odd_len)),
        ("XO04_lstm_odd_2layer_bf", 2044, L,
         dict(module="LSTM", I=7, H=13, L=2, B=5, T=11, bf=True, lengths=odd_len)),
        # Large inputs.
        ("XS01_lstm_x10", 2051, L, dict(module="LSTM", I=4, H=5, B=3, T=6, h0=True, input_scale=10.0)),
        ("XS02_gru_bidir_x4", 2052, L, dict(module="GRU", I=3, H=6, B=2, T=7, bidir=True, input_scale=4.0)),
        ("XS03_rnn_tanh_2layer_x10", 2053, L,
         dict(module="RNN", nonlin="tanh", I=5, H=6, L=2, B=2, T=6, input_scale=10.0)),
        ("XS04_rnn_relu_x4_lengths", 2054, L,
         dict(module="RNN", nonlin="relu", I=3, H=5, B=3, T=6, input_scale=4.0, lengths=[6, 2, 4])),
        ("XS05_lstm_proj_bidir_x4", 2055, L,
         dict(module="LSTM", I=3, H=6, proj=4, B=2, T=5, bidir=True, input_scale=4.0, bf=True)),
        ("XS06_gru_x10_h0", 2056, L, dict(module="GRU", I=4, H=5, B=2, T=6, h0=True, input_scale=10.0)),
        # Model cases, V=37 E=9.
        ("YM01_lstm_adam_wd_clipnorm", 2101, M,
         dict(kind="model", module="LSTM", V=37, E=9, H=13, L=1, B=3, T=11, bf=True,
              opt=adam(lr=0.01, wd=0.01), clip=clip_norm(0.1))),
        ("YM02_gru_bidir_sgd_nesterov_clipvalue", 2102, M,
         dict(kind="model", module="GRU", V=37, E=9, H=7, L=2, B=2, T=9, bidir=True,
              opt=sgd(lr=0.2, momentum=0.9, nesterov=True), clip=clip_value(0.01))),
        ("YM03_lstm_proj_bidir_adam_clipvalue", 2103, M,
         dict(kind="model", module="LSTM", V=37, E=9, H=8, proj=5, L=2, B=2, T=7, bidir=True, bf=True,
              opt=adam(lr=0.003, b1=0.8, b2=0.99, eps=1e-6), clip=clip_value(0.02))),
        ("YM04_rnn_relu_sgd_dampening_wd_clipnorm", 2104, M,
         dict(kind="model", module="RNN", nonlin="relu", V=37, E=9, H=11, L=2, B=3, T=8,
              opt=sgd(lr=0.1, momentum=0.5, dampening=0.3, wd=0.001), clip=clip_norm(0.3))),
        ("YM05_rnn_tanh_4layer_b1_sgd_noclip", 2105, M,
         dict(kind="model", module="RNN", nonlin="tanh", V=37, E=9, H=6, L=4, B=1, T=10, bf=True,
              opt=sgd(lr=0.05, wd=0.01), clip=clip_norm(100.0))),
        ("YM06_lstm_h1_adam_clipnorm", 2106, M,
         dict(kind="model", module="LSTM", V=37, E=9, H=1, L=2, B=2, T=6,
              opt=adam(lr=0.02), clip=clip_norm(0.05))),
        ("YM07_gru_T60_adam_wd_clipnorm", 2107, M,
         dict(kind="model", module="GRU", V=37, E=9, H=10, L=1, B=2, T=60,
              opt=adam(lr=0.005, wd=0.1), clip=clip_norm(0.2))),
        # Truncated BPTT, T=50, chunk 7 (last chunk has 1 step).
        ("ZT01_lstm_proj_adam_clipnorm", 2201, M,
         dict(kind="tbptt", module="LSTM", V=37, E=9, H=10, proj=4, L=2, B=2, T=50, chunk=7, bf=True,
              opt=adam(lr=0.01), clip=clip_norm(0.5))),
        ("ZT02_gru_sgd_nesterov_clipvalue", 2202, M,
         dict(kind="tbptt", module="GRU", V=37, E=9, H=8, L=1, B=3, T=50, chunk=7,
              opt=sgd(lr=0.3, momentum=0.9, nesterov=True), clip=clip_value(0.05))),
        ("ZT03_rnn_relu_b1_sgd_dampening_wd", 2203, M,
         dict(kind="tbptt", module="RNN", nonlin="relu", V=37, E=9, H=9, L=2, B=1, T=50, chunk=7,
              bf=True, opt=sgd(lr=0.1, momentum=0.9, dampening=0.25, wd=0.001), clip=clip_norm(0.4))),
        ("ZT04_lstm_b1_adam_wd_clipvalue", 2204, M,
         dict(kind="tbptt", module="LSTM", V=37, E=9, H=7, L=1, B=1, T=50, chunk=7,
              opt=adam(lr=0.02, wd=0.01), clip=clip_value(0.03))),
        ("ZT05_rnn_tanh_chunk1_sgd", 2205, M,
         dict(kind="tbptt", module="RNN", nonlin="tanh", V=37, E=9, H=5, L=1, B=2, T=9, chunk=1,
              opt=sgd(lr=0.1, momentum=0.9), clip=clip_norm(1.0))),
        ("ZT06_gru_2layer_chunk_ge_T_adam", 2206, M,
         dict(kind="tbptt", module="GRU", V=37, E=9, H=6, L=2, B=2, T=8, chunk=10,
              opt=adam(lr=0.01), clip=clip_norm(0.5))),
    ]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "..", "rnn4j-tasks", "src", "test",
                                                "resources", "golden-extra"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--only", default=None, help="generate only cases whose name starts with this")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(1)

    rows = []
    total = 0
    for name, seed, fn, kw in cases():
        if args.only and not name.startswith(args.only):
            continue
        desc, size, kind, (max_abs, ratio, worst) = fn(args.out, name, seed, **kw)
        total += size
        rows.append((name + ".safetensors", desc, size, max_abs, ratio, worst))
        print("%-48s %8d  f32 err %.1e  ratio %.3f (%s)" % (name, size, max_abs, ratio, worst), flush=True)
    if args.only:
        return
    with open(os.path.join(args.out, "INDEX.md"), "w") as f:
        f.write("# rnn4j-golden-v1 extra cases\n\n")
        f.write("Generated by tools/golden/gen_extra.py with torch %s. Spec: shared/golden/FORMAT.md. "
                "%d files, %d bytes.\n\n" % (torch.__version__, len(rows), total))
        f.write("`f32 err` = largest |torch float32 result - float64 reference| over all expected tensors "
                "of the file; `ratio` = largest err/(%s + %s*|expected|), `worst` = where.\n\n" % (ATOL, RTOL))
        f.write("| file | config | bytes | f32 err | ratio | worst |\n|---|---|---|---|---|---|\n")
        for fn_, desc, size, max_abs, ratio, worst in rows:
            f.write("| %s | %s | %d | %.1e | %.3f | %s |\n" % (fn_, desc, size, max_abs, ratio, worst))
    print("%d files, %d bytes" % (len(rows), total))


if __name__ == "__main__":
    sys.exit(main())
