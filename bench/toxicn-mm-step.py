#!/usr/bin/python3
"""PyTorch reference of the MKE training step of lib/papers/toxicn-mm (same model, same shapes, same loss).

Shared character text tower g_T on t, d_txt, d_img: embedding [V, 64], masked mean and max pool over the L characters
(id 0 = padding), Linear 128->64, ReLU, Linear 64->64. Image tower g_V: 32x32x3 pictures cut into 64 patches of 4x4x3,
Linear 48->64, ReLU, mean over patches, Linear 64->64, ReLU, Linear 64->64. f_tk = f_t + f_dt + f_di;
logits = W [f_tk ; f_v] + b (2 classes); loss = BCEWithLogits against one-hot (mean over B*C); AdamW (lr 2e-3, wd 0.01).

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/toxicn-mm-step.py [--threads 1] [--L 24] [--B 32] [--steps 30]
Prints one JSON line: {"torch": version, "threads": N, "ms_per_step": median, "ms_min": min, "cpu_ms_per_step": process CPU
time per step}. Compare with `node dist/bench/toxicn-mm-step.js` (same flags) for the tfjs side.
"""
import argparse, json, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


class MKE(nn.Module):
    def __init__(self, V=770, E=64, H=64, D=64, C=2):
        super().__init__()
        self.emb = nn.Embedding(V, E)
        self.t1, self.t2 = nn.Linear(2 * E, H), nn.Linear(H, D)
        self.p, self.i1, self.i2 = nn.Linear(48, E), nn.Linear(E, H), nn.Linear(H, D)
        self.cls = nn.Linear(2 * D, C)

    def text(self, ids):  # ids [B, L] -> [B, D]
        e = self.emb(ids)
        m = (ids > 0).float().unsqueeze(2)
        mean = (e * m).sum(1) / m.sum(1).clamp(min=1)
        mx = (e + (m - 1) * 1e4).max(1).values.clamp(min=-1e3)
        return self.t2(F.relu(self.t1(torch.cat([mean, mx], 1))))

    def image(self, x):  # x [B, 32, 32, 3] -> [B, D]
        B = x.shape[0]
        p = x.reshape(B, 8, 4, 8, 4, 3).permute(0, 1, 3, 2, 4, 5).reshape(B, 64, 48)
        u = F.relu(self.p(p)).mean(1)
        return self.i2(F.relu(self.i1(u)))

    def forward(self, t, dt, di, x):
        ftk = self.text(t) + self.text(dt) + self.text(di)
        return self.cls(torch.cat([ftk, self.image(x)], 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--L", type=int, default=24)
    ap.add_argument("--B", type=int, default=32)
    ap.add_argument("--steps", type=int, default=30)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    V, B, L = 770, a.B, a.L
    m = MKE(V)
    opt = torch.optim.AdamW(m.parameters(), lr=2e-3, weight_decay=0.01)

    def ids():
        out = torch.zeros(B, L, dtype=torch.long)
        for i in range(B):
            n = 8 + int(torch.randint(0, L - 7, (1,)))
            out[i, :n] = torch.randint(2, V, (n,))
        return out

    t, dt, di, x = ids(), ids(), ids(), torch.rand(B, 32, 32, 3)
    y = F.one_hot(torch.randint(0, 2, (B,)), 2).float()

    def step():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(m(t, dt, di, x), y)
        loss.backward()
        opt.step()
        return float(loss)

    params = sum(p.numel() for p in m.parameters())
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "L": L, "B": B, "params": params, **time_steps(step, a.steps)}))


if __name__ == "__main__":
    main()
