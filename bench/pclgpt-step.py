#!/usr/bin/python3
"""PyTorch reference of PclGPT-mini's training step (lib/llm/causal-lm.ts, lib/papers/pclgpt): same model, same shapes.

GPT-2 layout, pre-LN: token + learned position embeddings; per block LN -> fused QKV (bias) -> 4-head causal softmax
attention (additive -1e9 mask) -> output projection; LN -> FFN 256 with tanh-GELU; final LN (with bias); logits = h E^T
(tied). Pre-training step: cross-entropy of the next token at every position (B*(T-1)); `--sft`: one answer slot per
row. AdamW (lr 3e-3, weight decay 0.01 on matrices only, as lib/core's adamw). B 16, T 64, V 1000 unless overridden.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/pclgpt-step.py [--threads 1] [--B 16] [--T 64] [--V 1000] [--steps 30] [--sft]
Prints one JSON line: {"torch": version, "threads": N, ..., "ms_per_step": median, "ms_min": min, "cpu_ms_per_step":
process CPU time per step (less sensitive than wall time to other jobs on a shared machine)}.
Compare with `node dist/bench/pclgpt-step.js` (same flags) for the tfjs side.
"""
import argparse, json, math, os, sys

# torch.set_num_threads does not reach Debian's OpenBLAS (openblas-pthread keeps its own pool, one thread per core: at
# --threads 1 a step's CPU time was ~2x its wall time). Cap that pool to --threads before torch loads it.
os.environ.setdefault("OPENBLAS_NUM_THREADS", sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class GainNorm(nn.Module):
    """LayerNorm with a gain and no bias (the blocks' norms; this torch's nn.LayerNorm has no bias=False)."""

    def __init__(s, d):
        super().__init__()
        s.g = nn.Parameter(torch.ones(d))

    def forward(s, x):
        return F.layer_norm(x, (x.shape[-1],), s.g, None, 1e-5)


class Block(nn.Module):
    def __init__(s, d, H, ffn):
        super().__init__()
        s.H = H
        s.ln1 = GainNorm(d)
        s.qkv = nn.Linear(d, 3 * d)
        s.proj = nn.Linear(d, d)
        s.ln2 = GainNorm(d)
        s.fc = nn.Linear(d, ffn)
        s.out = nn.Linear(ffn, d)

    def forward(s, h, mask):
        B, T, d = h.shape
        e = d // s.H
        q, k, v = s.qkv(s.ln1(h)).split(d, -1)
        q, k, v = (t.view(B, T, s.H, e).transpose(1, 2) for t in (q, k, v))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(e) + mask, -1) @ v  # [B, H, T, e]
        h = h + s.proj(a.transpose(1, 2).reshape(B, T, d))
        return h + s.out(F.gelu(s.fc(s.ln2(h)), approximate="tanh"))


class LM(nn.Module):
    def __init__(s, V, T, d=64, H=4, layers=2, ffn=256):
        super().__init__()
        s.wte = nn.Embedding(V, d)
        s.wpe = nn.Parameter(torch.randn(T, d) * 0.02)
        s.blocks = nn.ModuleList(Block(d, H, ffn) for _ in range(layers))
        s.ln_f = nn.LayerNorm(d)
        s.register_buffer("mask", torch.triu(torch.full((T, T), -1e9), 1))

    def forward(s, ids, pos):
        B, T = ids.shape
        h = s.wte(ids) + s.wpe[:T]
        for b in s.blocks:
            h = b(h, s.mask[:T, :T])
        h = s.ln_f(h).reshape(B * T, -1)[pos]
        return h @ s.wte.weight.t()


def main():
    ap = argparse.ArgumentParser()
    for k, v in (("threads", 1), ("B", 16), ("T", 64), ("V", 1000), ("steps", 30)):
        ap.add_argument(f"--{k}", type=int, default=v)
    ap.add_argument("--sft", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = LM(a.V, a.T)
    ids = torch.randint(0, a.V, (a.B, a.T))
    if a.sft:
        pos = torch.arange(a.B) * a.T + a.T - 1
        y = torch.randint(0, a.V, (a.B,))
    else:
        pos = (torch.arange(a.B)[:, None] * a.T + torch.arange(a.T - 1)[None]).reshape(-1)
        y = ids[:, 1:].reshape(-1)
    decay = [p for p in m.parameters() if p.dim() >= 2]
    rest = [p for p in m.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}], lr=3e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(m(ids, pos), y)
        loss.backward()
        opt.step()
        return loss.item()

    t = time_steps(step, a.steps)
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "mode": "sft" if a.sft else "pt", "B": a.B, "T": a.T, "V": a.V,
                      "params": sum(p.numel() for p in m.parameters()), **t}))

if __name__ == "__main__":
    main()
