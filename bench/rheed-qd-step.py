#!/usr/bin/python3
"""PyTorch reference of the rheed-qd training step of lib/papers/rheed-qd (same model, same shapes, same algorithm).

ResNet-tiny: stem conv3x3 (T -> 8, no bias) + BN + ReLU; three BasicBlocks (widths 8/16/32, strides 1/2/2; conv3x3-BN-
ReLU-conv3x3-BN plus a 1x1 conv + BN projection when the shape changes; ReLU after the sum); optional GLAM on the last
map (full: local channel ECA k=3, local spatial with dilations 1/2/3 and c' = c/2, global channel softmax(kappa q^T),
global spatial non-local softmax over rows, softmax(theta) fusion); GAP; a 3-class head and a 3-target regression head.
Loss: cross-entropy + 0.5 x MSE; Adam (lr 5e-3). Batch 32, T 1, S 32 unless overridden. PyTorch pads stride-2 convs
symmetrically (padding=1), TF 'same' asymmetrically: same FLOPs.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/rheed-qd-step.py [--threads 1] [--variant plain] [--T 1] [--S 32]
Prints one JSON line: {"torch": version, "threads": N, ..., "ms_per_step": median, "ms_min": min, "cpu_ms_per_step": process CPU
time per step, "infer_ms": one single-sample inference}. Compare with `node dist/bench/rheed-qd-step.js` (same flags).
"""
import argparse, json, os, statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


def conv_bn(cin, cout, k, stride):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, bias=False), nn.BatchNorm2d(cout))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.c2 = conv_bn(cin, cout, 3, stride), conv_bn(cout, cout, 3, 1)
        self.sc = conv_bn(cin, cout, 1, stride) if stride != 1 or cin != cout else None

    def forward(self, x):
        y = self.c2(F.relu(self.c1(x)))
        return F.relu(y + (self.sc(x) if self.sc is not None else x))


class Glam(nn.Module):
    def __init__(self, c, k=3, dil=(1, 2, 3)):
        super().__init__()
        cr = c // 2
        self.lc, self.q, self.kk = (nn.Conv1d(1, 1, k, padding=k // 2, bias=False) for _ in range(3))
        self.g = nn.Conv2d(c, cr, 1)
        self.d = nn.ModuleList(nn.Conv2d(cr, cr, 3, padding=r, dilation=r) for r in dil)
        self.a = nn.Conv2d(cr * (1 + len(dil)), 1, 1)
        self.Q, self.K, self.V = nn.Conv2d(c, cr, 1), nn.Conv2d(c, cr, 1), nn.Conv2d(c, cr, 1)
        self.o = nn.Conv2d(cr, c, 1)
        self.theta = nn.Parameter(torch.zeros(3))

    def forward(self, f):
        B, c, h, w = f.shape
        a = f.mean((2, 3)).unsqueeze(1)  # [B,1,c]
        flc = f * torch.sigmoid(self.lc(a)).view(B, c, 1, 1) + f
        g = self.g(f)
        als = torch.sigmoid(self.a(torch.cat([g] + [d(g) for d in self.d], 1)))
        fl = flc * als + flc
        q, kap = torch.sigmoid(self.q(a)).view(B, c), torch.sigmoid(self.kk(a)).view(B, c)
        agc = torch.softmax(kap.unsqueeze(2) @ q.unsqueeze(1), -1)  # [B,c,c]
        fgc = f * (f.flatten(2).transpose(1, 2) @ agc).transpose(1, 2).reshape(B, c, h, w)
        Q, K, V = (m(f).flatten(2).transpose(1, 2) for m in (self.Q, self.K, self.V))  # [B,hw,c']
        ags = torch.softmax(Q @ K.transpose(1, 2), -1)
        gs = self.o((ags @ V).transpose(1, 2).reshape(B, -1, h, w))
        fg = fgc * gs + fgc
        wl, w0, wg = torch.softmax(self.theta, 0)
        return wl * fl + w0 * f + wg * fg


class Net(nn.Module):
    def __init__(self, T, variant):
        super().__init__()
        self.stem = conv_bn(T, 8, 3, 1)
        self.blocks = nn.Sequential(Block(8, 8, 1), Block(8, 16, 2), Block(16, 32, 2))
        self.glam = Glam(32) if variant == "full" else None
        self.head, self.reg = nn.Linear(32, 3), nn.Linear(32, 3)

    def forward(self, x):
        h = self.blocks(F.relu(self.stem(x)))
        if self.glam is not None:
            h = self.glam(h)
        g = h.mean((2, 3))
        return self.head(g), self.reg(g)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--variant", default="plain")
    p.add_argument("--T", type=int, default=1)
    p.add_argument("--S", type=int, default=32)
    p.add_argument("--B", type=int, default=32)
    p.add_argument("--steps", type=int, default=30)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = Net(a.T, a.variant)
    x, y, t = torch.randn(a.B, a.T, a.S, a.S), torch.randint(0, 3, (a.B,)), torch.randn(a.B, 3)
    opt = torch.optim.Adam(m.parameters(), lr=5e-3)

    def step():
        opt.zero_grad()
        logits, reg = m(x)
        loss = F.cross_entropy(logits, y) + 0.5 * F.mse_loss(reg, t)
        loss.backward()
        opt.step()
        return loss.item()

    t = time_steps(step, a.steps)
    m.eval()
    inf = []
    with torch.no_grad():
        for i in range(25):
            t0 = time.perf_counter()
            torch.softmax(m(x[:1])[0], -1)
            if i >= 5:
                inf.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "variant": a.variant, "T": a.T, "S": a.S, "B": a.B,
                      "params": sum(q.numel() for q in m.parameters()), **t, "infer_ms": round(statistics.median(inf), 3)}))


if __name__ == "__main__":
    main()
