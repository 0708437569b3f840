#!/usr/bin/python3
"""PyTorch reference of one training step of the DataGemma reproduction's local LM (lib/llm CausalLM, same model,
shapes and algorithm as bench/datacommons-step.ts).

GPT-2 pre-LN decoder: token + learned position embedding; 2 blocks of [LayerNorm (gain, no bias) -> fused QKV (bias)
-> causal softmax attention over 4 heads -> projection (bias) -> residual; LayerNorm (gain) -> Linear d->256 (bias)
-> GELU (tanh) -> Linear 256->d (bias) -> residual]; final LayerNorm (gain, bias); logits by the tied embedding.
Cross-entropy at the last 13 positions of each row; global-norm clip 1; AdamW (lr 3e-3, wd 0.01). B 32, T 24, V 340,
d 64 unless overridden.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/datacommons-step.py [--threads 1] [--steps 50]
Prints one JSON line: {"torch": version, "threads": N, "ms_per_step": median, "ms_min": min, "cpu_ms_per_step": process
CPU time per step}.
"""
import argparse, json, math, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class Block(nn.Module):
    def __init__(s, d, H, ffn):
        super().__init__()
        s.H = H
        s.ln1 = nn.Parameter(torch.ones(d))
        s.qkv = nn.Linear(d, 3 * d)
        s.proj = nn.Linear(d, d)
        s.ln2 = nn.Parameter(torch.ones(d))
        s.fc = nn.Linear(d, ffn)
        s.out = nn.Linear(ffn, d)

    def forward(s, h):
        B, T, d = h.shape
        x = F.layer_norm(h, (d,), s.ln1, None, 1e-5)
        q, k, v = s.qkv(x).split(d, -1)
        sh = lambda t: t.view(B, T, s.H, d // s.H).transpose(1, 2)
        q, k, v = sh(q), sh(k), sh(v)
        sc = (q @ k.transpose(-1, -2)) / math.sqrt(d // s.H)
        sc = sc.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
        a = torch.softmax(sc, -1) @ v
        h = h + s.proj(a.transpose(1, 2).reshape(B, T, d))
        return h + s.out(F.gelu(s.fc(F.layer_norm(h, (d,), s.ln2, None, 1e-5)), approximate="tanh"))


class LM(nn.Module):
    def __init__(s, V, ctx, d=64, H=4, L=2, ffn=256):
        super().__init__()
        s.wte = nn.Embedding(V, d)
        s.wpe = nn.Embedding(ctx, d)
        s.blocks = nn.ModuleList(Block(d, H, ffn) for _ in range(L))
        s.lnf = nn.LayerNorm(d)
        for p in s.parameters():
            if p.dim() == 2:
                nn.init.normal_(p, 0, 0.02)

    def forward(s, ids, pos):
        B, T = ids.shape
        h = s.wte(ids) + s.wpe(torch.arange(T))
        for b in s.blocks:
            h = b(h)
        h = s.lnf(h).reshape(B * T, -1)[pos]
        return h @ s.wte.weight.T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--B", type=int, default=32)
    ap.add_argument("--T", type=int, default=24)
    ap.add_argument("--V", type=int, default=340)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = LM(a.V, 72)
    scored = 13
    ids = torch.randint(0, a.V, (a.B, a.T))
    pos = torch.tensor([(i // scored) * a.T + a.T - 1 - scored + (i % scored) for i in range(a.B * scored)])
    tgt = ids.reshape(-1)[pos + 1]
    opt = torch.optim.AdamW(m.parameters(), lr=3e-3, weight_decay=0.01)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(m(ids, pos), tgt)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        return loss.item()

    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "B": a.B, "T": a.T, "V": a.V, "params": sum(p.numel() for p in m.parameters()),
                      **time_steps(step, a.steps)}))


if __name__ == "__main__":
    main()
