#!/usr/bin/python3
"""PyTorch reference of the MetaLA MQAR training step of lib/papers/metala (same model, same shapes, same algorithm).

A 2-block MetaLA language model: tied embedding, RMS block norm without gain, mixer = kernel-2 causal depthwise conv +
SiLU, fused projections (q, decay logits, v, gate), log-decay logsigmoid/16 clamped at -2, key = 1 - alpha, chunked
linear attention (chunk 32, q scaled by 1/sqrt(d_k')), self-augmentation sigma((q . (w_aug * k)) v), per-head LayerNorm
without affine, SiLU gate, output projection. The block is the one the default MQAR runs use (Zoology's MQAR block,
`glu: false` in lib/papers/metala/config.ts): token mixer only; `--glu` adds the LM block's GLU channel mixer of width 2d.
Loss: cross-entropy at the B*kv query positions; AdamW (lr 3e-3, wd 0.1). Batch 32, T 32, V 64, d 64, H 2 unless
overridden.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/metala-step.py [--threads 1] [--d 64] [--T 32] [--steps 50] [--glu]
Prints one JSON line: {"torch": version, "threads": N, "d":..., "T":..., "B":..., "glu":..., "ms_per_step": median, "ms_min": min, "cpu_ms_per_step":
process CPU time per step (less sensitive than wall time to other jobs on a shared machine)}.
Compare with `node dist/bench/metala-step.js` (same flags) for the tfjs side.
"""
import argparse, json, math, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


def scan_chunked(q, k, log_a, v, C=32):
    """o_t = q_t S_t, S_t = diag(alpha_t) S_{t-1} + k_t^T v_t; q, k, log_a [B,H,T,dk], v [B,H,T,dv] (T % C == 0)."""
    B, H, T, dk = q.shape
    dv = v.shape[-1]
    C = min(C, T)
    N = T // C
    q, k, la, v = (x.reshape(B * H * N, C, x.shape[-1]) for x in (q, k, log_a, v))
    G = la.cumsum(1)
    m = (C - 1) // 2
    Gm = G[:, m : m + 1]
    L = torch.tril(torch.ones(C, C))
    A = ((q * (G - Gm).exp()) @ (k * (Gm - G).exp()).transpose(1, 2)) * L
    o = A @ v
    if N > 1:
        Gl = G[:, C - 1 : C]
        U = ((k * (Gl - G).exp()).transpose(1, 2) @ v).reshape(B * H, N, dk, dv)
        dec = Gl.exp().reshape(B * H, N, dk, 1)
        states = [torch.zeros(B * H, dk, dv)]
        for n in range(1, N):
            states.append(states[-1] * dec[:, n - 1] + U[:, n - 1])
        S = torch.stack(states, 1).reshape(B * H * N, dk, dv)
        o = o + (q * G.exp()) @ S
    return o.reshape(B, H, T, dv)


def rms(x):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)


class MetaLA(nn.Module):
    def __init__(s, d, H, K=2):
        super().__init__()
        s.d, s.H, s.K = d, H, K
        s.conv = nn.Parameter(torch.empty(K, d).uniform_(-1 / math.sqrt(K), 1 / math.sqrt(K)))
        s.inp = nn.Linear(d, 4 * d, bias=False)
        s.out = nn.Linear(d, d, bias=False)
        s.gb = nn.Parameter(torch.zeros(d))
        s.aug = nn.Parameter(torch.zeros(d))

    def forward(s, x):
        B, T, d = x.shape
        H, dh = s.H, d // s.H
        xp = F.pad(x, (0, 0, s.K - 1, 0))
        xc = sum(xp[:, s.K - 1 - j : s.K - 1 - j + T] * s.conv[j] for j in range(s.K))
        xt = F.silu(xc)
        q, a, v, g = s.inp(xt).split(d, -1)
        la = (F.logsigmoid(a) / 16).clamp(-2, 0)
        k = 1 - la.exp()
        heads = lambda t: t.view(B, T, H, dh).transpose(1, 2)
        qh, kh, vh = heads(q), heads(k), heads(v)
        o = scan_chunked(qh / math.sqrt(dh), kh, heads(la), vh)
        sc = (qh * heads(k * s.aug)).sum(-1, keepdim=True)
        o = o + torch.sigmoid(sc * vh)
        o = F.layer_norm(o, (dh,), eps=1e-5)
        return s.out(F.silu(g + s.gb) * o.transpose(1, 2).reshape(B, T, d))


class Model(nn.Module):
    def __init__(s, V, d, H, layers=2, glu=False):
        super().__init__()
        s.embed = nn.Parameter(torch.randn(V, d) * 0.02)
        s.mix = nn.ModuleList(MetaLA(d, H) for _ in range(layers))
        s.glu_in = nn.ModuleList(nn.Linear(d, 4 * d, bias=False) for _ in range(layers if glu else 0))
        s.glu_out = nn.ModuleList(nn.Linear(2 * d, d, bias=False) for _ in range(layers if glu else 0))

    def forward(s, ids, pos):
        h = s.embed[ids]
        for i, mix in enumerate(s.mix):
            h = h + mix(rms(h))
            if len(s.glu_in):  # LM block only: GLU = (SiLU(x W1) * x W2) W3
                a, b = s.glu_in[i](rms(h)).chunk(2, -1)
                h = h + s.glu_out[i](F.silu(a) * b)
        h = rms(h).reshape(-1, h.shape[-1])[pos]
        return h @ s.embed.t()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--T", type=int, default=32)
    ap.add_argument("--B", type=int, default=32)
    ap.add_argument("--V", type=int, default=64)
    ap.add_argument("--kv", type=int, default=4)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--glu", action="store_true", help="the LM block (GLU channel mixer after each mixer)")
    o = ap.parse_args()
    torch.set_num_threads(o.threads)
    torch.manual_seed(0)
    m = Model(o.V, o.d, 2, glu=o.glu)
    opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=0.1)
    ids = torch.randint(0, o.V, (o.B, o.T))
    pos = torch.tensor([b * o.T + o.T - 2 * j - 2 for b in range(o.B) for j in range(o.kv)])
    y = torch.randint(o.V // 2, o.V, (len(pos),))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(m(ids, pos), y)
        loss.backward()
        opt.step()
        return loss.item()

    print(json.dumps({"torch": torch.__version__, "threads": o.threads, "d": o.d, "T": o.T, "B": o.B, "glu": o.glu, **time_steps(step, o.steps)}))


if __name__ == "__main__":
    main()
