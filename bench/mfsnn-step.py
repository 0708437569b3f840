#!/usr/bin/python3
"""PyTorch reference of one MFSNN training step and one GRU training step (lib/papers/mfsnn, default scale).

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/mfsnn-step.py [--T 10] [--F 32] [--B 60] [--steps 30] [--threads 1]
Prints one JSON line: {"torch", "threads", "T", "F", "B", "mfsnn": {params, median_ms, min_ms, cpu_ms}, "gru": {...}}.
Same models as the TypeScript side (bench/mfsnn-step.ts): MFSNN = electrode SE (reduction 8) -> 1x1 stem C->F -> BN over
batch x time -> LIF (tau 2, V_th 1, hard reset detached, ATan alpha 2) -> 3 causal branches (kernel 3, dilation 1/2/4, two
conv->BN->LIF with a residual add on the membrane) -> feature SE (reduction 4) -> U = LIF(BN(S0 + sum S_d')) -> per-step
linear F->K -> leaky-integrator time-mean (closed form). GRU = nn.GRU(C, 64) -> mean over time -> linear. Adam, CE, K = 8.
"""
import argparse, json, math, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class SpikeATan(torch.autograd.Function):
    """s = 1[h - V_th >= 0]; ds/dh = (alpha/2) / (1 + (pi alpha x / 2)^2), alpha = 2."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).to(x.dtype)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g / (1 + (math.pi * x) ** 2)


def lif(u, tau=2.0):
    """u [T, B, F] -> spikes [T, B, F]; h = v + (u - v)/tau, hard reset to 0 with the spike detached."""
    v = torch.zeros_like(u[0])
    out = []
    for t in range(u.shape[0]):
        h = v + (u[t] - v) / tau
        s = SpikeATan.apply(h - 1.0)
        v = h * (1 - s.detach())
        out.append(s)
    return torch.stack(out)


class BN(nn.Module):
    """Batch norm over batch x time of [T, B, F] (channels last)."""

    def __init__(s, F_):
        super().__init__()
        s.bn = nn.BatchNorm1d(F_)

    def forward(s, x):
        T, B, F_ = x.shape
        return s.bn(x.reshape(T * B, F_)).reshape(T, B, F_)


class SE(nn.Module):
    def __init__(s, n, r):
        super().__init__()
        h = max(1, math.ceil(n / r))
        s.fc1, s.fc2 = nn.Linear(n, h), nn.Linear(h, n)

    def forward(s, x):  # [T, B, n]
        return x * torch.sigmoid(s.fc2(F.relu(s.fc1(x.mean(0)))))


class CausalConv(nn.Module):
    def __init__(s, F_, d, k=3):
        super().__init__()
        s.pad, s.conv = (k - 1) * d, nn.Conv1d(F_, F_, k, dilation=d, bias=False)

    def forward(s, x):  # [T, B, F] -> [T, B, F]
        y = s.conv(F.pad(x.permute(1, 2, 0), (s.pad, 0)))  # [B, F, T]
        return y.permute(2, 0, 1)


class MFSNN(nn.Module):
    def __init__(s, C, F_, K, T, dil=(1, 2, 4), tau_r=2.0):
        super().__init__()
        s.esa, s.stem, s.bn0 = SE(C, 8), nn.Linear(C, F_), BN(F_)
        s.branches = nn.ModuleList(nn.ModuleList([CausalConv(F_, d), BN(F_), CausalConv(F_, d), BN(F_), SE(F_, 4)]) for d in dil)
        s.bnf, s.readout = BN(F_), nn.Linear(F_, K)
        for b in s.modules():
            if isinstance(b, nn.BatchNorm1d):
                nn.init.ones_(b.weight)
        keep = 1 - 1 / tau_r
        s.register_buffer("w", torch.tensor([(1 - keep ** (T - t)) / T for t in range(T)]))

    def forward(s, x):  # x [B, T, C]
        x = s.esa(x.transpose(0, 1))  # [T, B, C]
        s0 = lif(s.bn0(s.stem(x)))
        outs = [s0]
        for c1, b1, c2, b2, se in s.branches:
            h1 = lif(b1(c1(s0)))
            outs.append(se(lif(b2(c2(h1)) + s0)))
        u = lif(s.bnf(sum(outs)))
        return torch.einsum("t,tbk->bk", s.w, s.readout(u))


class GRU(nn.Module):
    def __init__(s, C, H, K):
        super().__init__()
        s.gru, s.fc = nn.GRU(C, H, batch_first=True), nn.Linear(H, K)

    def forward(s, x):
        return s.fc(s.gru(x)[0].mean(1))


def train_timing(m, x, y, steps, lr):
    """Adam steps of cross-entropy training, timed by the shared bench/torch/steptime.py (this script's JSON keys)."""
    opt = torch.optim.Adam(m.parameters(), lr=lr)

    def step():
        opt.zero_grad()
        F.cross_entropy(m(x), y).backward()
        opt.step()

    t = time_steps(step, steps)
    return {"params": sum(p.numel() for p in m.parameters()), "median_ms": t["ms_per_step"], "min_ms": t["ms_min"], "cpu_ms": t["cpu_ms_per_step"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--T", type=int, default=10)
    ap.add_argument("--F", type=int, default=32)
    ap.add_argument("--B", type=int, default=60)
    ap.add_argument("--C", type=int, default=96)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x = torch.randn(a.B, a.T, a.C)
    y = torch.arange(a.B) % 8
    out = {"torch": torch.__version__, "threads": a.threads, "T": a.T, "F": a.F, "B": a.B}
    out["mfsnn"] = train_timing(MFSNN(a.C, a.F, 8, a.T), x, y, a.steps, 3e-3)
    out["gru"] = train_timing(GRU(a.C, 64, 8), x, y, a.steps, 1e-2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
