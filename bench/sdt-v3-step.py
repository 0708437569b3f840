#!/usr/bin/python3
"""PyTorch reference of one E-SpikeFormer-tiny training step (lib/papers/sdt-v3, ARCHS.tiny), I-LIF T=1 D=4.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/sdt-v3-step.py [--steps N] [--batch B] [--threads 1]
Prints one JSON line: {"torch": version, "threads": n, "batch": B, "params": count, "ms_per_step": median wall ms,
"ms_min": min wall ms, "cpu_ms_per_step": process CPU ms per step} (timed by bench/torch/steptime.py, 5 warm-up steps).
Same architecture as the TypeScript model (NCHW here, as a PyTorch user writes it): stem conv3x3 s2 1->8,
ConvBlock(8) with SepConv k3 e2 and 3x3 ratio 2; down s2 -> 16, ConvBlock(16); down s1 -> 32, 2x TBlock(32)
(SepConv k3, SDSA linear attention h4 v x2, MLP x2); pooled membrane -> Linear(10). AdamW, wd 0.05.
SDSA's product as q (k^T v), as model.ts computes it (same values as (q k^T) v, fewer multiply-adds).
"""
import argparse, json, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class Quant(torch.autograd.Function):
    """s = round(clip(u, 0, D)) (half to even), gradient 1 inside [0, D]."""

    @staticmethod
    def forward(ctx, u, D):
        ctx.save_for_backward(u)
        ctx.D = D
        return torch.round(torch.clamp(u, 0, D))

    @staticmethod
    def backward(ctx, g):
        (u,) = ctx.saved_tensors
        return g * ((u >= 0) & (u <= ctx.D)).to(g.dtype), None


class Q(nn.Module):
    def __init__(self, D=4, norm=None):
        super().__init__()
        self.D, self.norm = D, (D if norm is None else norm)

    def forward(self, u):
        return Quant.apply(u, self.D) / self.norm


def conv_bn(cin, cout, k, stride=1, bias=False, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=bias), nn.BatchNorm2d(cout))


class SepConv(nn.Module):
    def __init__(self, d, k, e=2):
        super().__init__()
        self.q1, self.pw1, self.q2 = Q(), conv_bn(d, e * d, 1), Q()
        self.dw, self.q3, self.pw2 = conv_bn(e * d, e * d, k, groups=e * d), Q(), conv_bn(e * d, d, 1)

    def forward(self, x):
        return self.pw2(self.q3(self.dw(self.q2(self.pw1(self.q1(x))))))


class ConvBlock(nn.Module):
    def __init__(self, d, k=3, r=2):
        super().__init__()
        self.sep = SepConv(d, k)
        self.q1, self.c1, self.q2, self.c2 = Q(), conv_bn(d, r * d, 3), Q(), conv_bn(r * d, d, 3)

    def forward(self, x):
        x = x + self.sep(x)
        return x + self.c2(self.q2(self.c1(self.q1(x))))


class TokenLinear(nn.Module):
    """1x1 projection over tokens [B, N, C] with BN over channels."""

    def __init__(self, cin, cout, bias=False):
        super().__init__()
        self.fc, self.bn = nn.Linear(cin, cout, bias=bias), nn.BatchNorm1d(cout)

    def forward(self, x):
        return self.bn(self.fc(x).transpose(1, 2)).transpose(1, 2)


class TBlock(nn.Module):
    def __init__(self, d, heads=4, v_ratio=2, mlp_ratio=2):
        super().__init__()
        self.sep, self.h = SepConv(d, 3), heads
        self.z, self.q, self.k, self.v = Q(), TokenLinear(d, d), TokenLinear(d, d), TokenLinear(d, v_ratio * d)
        self.qs, self.ks, self.vs, self.as_ = Q(), Q(), Q(), Q()
        self.proj = TokenLinear(v_ratio * d, d)
        self.m1, self.fc1, self.m2, self.fc2 = Q(), TokenLinear(d, mlp_ratio * d, True), Q(), TokenLinear(mlp_ratio * d, d, True)
        self.scale = 2 / (d / heads) ** 0.5

    def forward(self, x):
        B, C, H, W = x.shape
        x = x + self.sep(x)
        t = x.flatten(2).transpose(1, 2)  # [B, N, C]
        z = self.z(t)
        split = lambda s: s.reshape(B, H * W, self.h, -1).transpose(1, 2)  # [B, h, N, c]
        q, k, v = split(self.qs(self.q(z))), split(self.ks(self.k(z))), split(self.vs(self.v(z)))
        a = (q @ (k.transpose(-1, -2) @ v)) * self.scale  # q (k^T v): [B,h,N,c] @ [B,h,c,cv]
        t = t + self.proj(self.as_(a.transpose(1, 2).reshape(B, H * W, -1)))
        t = t + self.fc2(self.m2(self.fc1(self.m1(t))))
        return t.transpose(1, 2).reshape(B, C, H, W)


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem, self.b0 = conv_bn(1, 8, 3, 2, bias=True), ConvBlock(8)
        self.d1q, self.d1, self.b1 = Q(), conv_bn(8, 16, 3, 2, bias=True), ConvBlock(16)
        self.d2q, self.d2 = Q(), conv_bn(16, 32, 3, 1, bias=True)
        self.t = nn.Sequential(TBlock(32), TBlock(32))
        self.head = nn.Linear(32, 10)  # pooled membrane → Linear (model.ts ARCHS.tiny head "membrane")

    def forward(self, x):
        x = self.b0(self.stem(x))
        x = self.b1(self.d1(self.d1q(x)))
        x = self.t(self.d2(self.d2q(x)))
        return self.head(x.mean((2, 3)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = Tiny()
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.05)
    x, y = torch.rand(a.batch, 1, 28, 28), torch.randint(0, 10, (a.batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(m(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "batch": a.batch, "params": sum(p.numel() for p in m.parameters()),
                      **time_steps(step, a.steps)}))


if __name__ == "__main__":
    main()
