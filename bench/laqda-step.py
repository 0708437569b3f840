#!/usr/bin/python3
"""PyTorch reference of the LAQDA label-adapter training step of lib/papers/laqda (same model, same shapes, same loss).

Frozen [V+1, 64] word-vector table (row 0 = padding), learned [CLS]; one post-LN transformer layer (4 heads, FFN 128,
GELU tanh, padding masked); label vectors e_n = masked mean of the layer over each name; adapter Z = [H; E],
A = Layer'(Dropout_0.1(Z W + b)) with Layer' a copy of the encoder layer, no mask; z = (0.1 A + 0.9 Z)[:, 0].
Plain prototypes c_n = mean of the K supports; logits = -||z_q - c_n||^2; loss = CE / N; AdamW (lr 1e-3, wd 0.01).
One 5-way K-shot episode with Q queries per class (55 texts of T = 12 tokens at K 1, Q 10), 5 names of 4 tokens.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/laqda-step.py [--threads 1] [--T 12] [--K 1] [--Q 10] [--steps 30]
Prints one JSON line: {"torch": version, "threads": N, "ms_per_step": median, "ms_min": min, "cpu_ms_per_step": process CPU time
per step}. Compare with `node dist/bench/laqda-step.js` (same flags) for the tfjs side.
"""
import argparse, copy, json, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class Layer(nn.Module):
    """h = LN(x + MHA(x)), y = LN(h + W2 gelu(W1 h)); x [B, L, d], mask [B, L] (1 = real) or None."""

    def __init__(self, d=64, heads=4, ffn=128):
        super().__init__()
        self.h = heads
        self.qkv, self.o = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.f1, self.f2 = nn.Linear(d, ffn), nn.Linear(ffn, d)

    def forward(self, x, mask):
        B, L, d = x.shape
        q, k, v = (t.view(B, L, self.h, d // self.h).transpose(1, 2) for t in self.qkv(x).chunk(3, -1))
        s = q @ k.transpose(-1, -2) / (d // self.h) ** 0.5
        if mask is not None:
            s = s + (mask[:, None, None, :] - 1) * 1e9
        a = self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(B, L, d))
        h = self.ln1(x + a)
        return self.ln2(h + self.f2(F.gelu(self.f1(h), approximate="tanh")))


class LaqdaLA(nn.Module):
    def __init__(self, table, d=64):
        super().__init__()
        self.table = nn.Embedding.from_pretrained(table, freeze=True)
        self.cls = nn.Parameter(torch.randn(d) * 0.02)
        self.enc = Layer(d)
        self.ad_lin = nn.Linear(d, d)
        self.ad = copy.deepcopy(self.enc)
        self.drop = nn.Dropout(0.1)

    def encode(self, ids):
        B = ids.shape[0]
        x = torch.cat([self.cls.expand(B, 1, -1), self.table(ids)], 1)
        mask = torch.cat([torch.ones(B, 1), (ids > 0).float()], 1)
        return self.enc(x, mask), mask

    def forward(self, ids, names):
        H, _ = self.encode(ids)
        Hn, mn = self.encode(names)
        E = (Hn * mn[..., None]).sum(1) / mn.sum(1, keepdim=True)  # [N, d]
        Z = torch.cat([H, E.expand(H.shape[0], -1, -1)], 1)
        A = self.ad(self.drop(self.ad_lin(Z)), None)
        return (0.1 * A + 0.9 * Z)[:, 0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--T", type=int, default=12)
    p.add_argument("--K", type=int, default=1)
    p.add_argument("--Q", type=int, default=10)
    p.add_argument("--steps", type=int, default=30)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    N, V, d, T = 5, 8000, 64, a.T
    table = torch.cat([torch.zeros(1, d), torch.randn(V, d) * 0.5])
    m = LaqdaLA(table)
    B = N * (a.K + a.Q)
    ids = torch.zeros(B, T, dtype=torch.long)
    for i in range(B):
        n = 4 + int(torch.randint(0, T - 3, ()))
        ids[i, :n] = torch.randint(1, V + 1, (n,))
    names = torch.zeros(N, 4, dtype=torch.long)
    names[:, :2] = torch.randint(1, V + 1, (N, 2))
    y = torch.arange(N).repeat_interleave(a.Q)
    opt = torch.optim.AdamW([q for q in m.parameters() if q.requires_grad], lr=1e-3, weight_decay=0.01)

    def step():
        z = m(ids, names)
        zs, zq = z[: N * a.K], z[N * a.K :]
        c = zs.view(N, a.K, d).mean(1)
        logits = -torch.cdist(zq, c).pow(2)
        loss = F.cross_entropy(logits, y) / N
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    timing = time_steps(step, a.steps)
    params = sum(q.numel() for q in m.parameters() if q.requires_grad)
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "T": T, "K": a.K, "Q": a.Q, "params": params, **timing}))


if __name__ == "__main__":
    main()
