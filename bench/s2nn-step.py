#!/usr/bin/python3
"""PyTorch reference of one S2NN-style BAT training step (lib/papers/s2nn, the card's BAT, default scale).

Same model and algorithm as the TypeScript side: binary frames [B, N, N] (power normalised to 1) as amplitude, L phase
layers φ = 2π·σ(w) with a Fresnel hop U ← A·U·Aᵀ before each and one to the detector (A the same N×N matrix: the
sampled Fresnel kernel with N_p = 2N padding folded in, λ = 532 nm, dx = 8 µm, z = 7.5 mm), intensity |U|², region
energies e = I·R (3-4-3 layout, 3×3 px, gap 2), p = e/Σe; loss CE(softmax(τp), y) + λ_s·Σ BCE(σ(β(p − κ)), y),
κ = σ(u) learnable; Adam lr 0.02. Complex fields as torch.complex64 (what a PyTorch user writes).

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/s2nn-step.py [--N 32] [--L 2] [--batch 64] [--steps 50] [--threads 1]
Prints one JSON object: {"torch", "threads", "N", "L", "batch", "median_ms", "min_ms", "cpu_median_ms", "cpu_ms_per_step"}
(wall median and min, median and mean process CPU time of --steps steps after 5 warm-up steps: bench/torch/steptime.py).
Compare with `node dist/bench/s2nn-step.js` (same flags).
"""
import argparse, json, math, os, sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch"))
from steptime import time_steps  # noqa: E402


def fresnel_matrix(N, dx, lam, z):
    """A [N, N] complex128: A[m, n] = e^{ikz/2}·g((m − n) mod N_p), g = IDFT(h), h(f) = exp(−iπλz f²), N_p = 2N."""
    Np = 2 * N
    j = torch.arange(Np, dtype=torch.float64)
    f = torch.where(j < Np / 2, j, j - Np) / (Np * dx)
    h = torch.exp(-1j * math.pi * lam * z * f ** 2)
    g = torch.fft.ifft(h)
    d = (torch.arange(N)[:, None] - torch.arange(N)[None, :]) % Np
    cycles = z / lam
    kz = 2 * math.pi * (cycles - math.floor(cycles))
    return torch.exp(torch.tensor(1j * kz / 2)) * g[d]


def regions(N, size=3, gap=2):
    R = torch.zeros(N * N, 10)
    pitch, c = size + gap, 0
    y0 = (N - (3 * pitch - gap)) // 2
    for r, count in enumerate([3, 4, 3]):
        x0 = (N - (count * pitch - gap)) // 2
        for i in range(count):
            for y in range(y0 + r * pitch, y0 + r * pitch + size):
                for x in range(x0 + i * pitch, x0 + i * pitch + size):
                    R[y * N + x, c] = 1
            c += 1
    return R


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--N", type=int, default=32)
    ap.add_argument("--L", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    N, L, B = a.N, a.L, a.batch
    A = fresnel_matrix(N, 8e-6, 532e-9, 7.5e-3 * N / 32).to(torch.complex64)
    R = regions(N, 3 * N // 32, 2 * N // 32)
    w = [torch.randn(N, N, requires_grad=True) for _ in range(L)]
    u = torch.tensor(math.log(0.15 / 0.85), requires_grad=True)
    opt = torch.optim.Adam(w + [u], lr=0.02)
    x = (torch.rand(B, N, N) < 0.2).float()
    y = torch.randint(0, 10, (B,))
    tau, beta, lam_s = 10.0, 20.0, 1.0

    def step():
        U = (x / x.pow(2).sum((1, 2), keepdim=True).sqrt()).to(torch.complex64)
        U = A @ U @ A.T
        for l in range(L):
            U = U * torch.exp(1j * 2 * math.pi * torch.sigmoid(w[l]))
            U = A @ U @ A.T
        I = U.real ** 2 + U.imag ** 2
        e = I.reshape(B, -1) @ R
        p = e / (e.sum(1, keepdim=True) + 1e-12)
        onehot = F.one_hot(y, 10).float()
        loss = F.cross_entropy(tau * p, y) + lam_s * F.binary_cross_entropy_with_logits(beta * (p - torch.sigmoid(u)), onehot, reduction="sum") / B
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    t = time_steps(step, a.steps, cpu_median=True)
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "N": N, "L": L, "batch": B, "median_ms": t["ms_per_step"], "min_ms": t["ms_min"], "cpu_median_ms": t["cpu_median_ms"], "cpu_ms_per_step": t["cpu_ms_per_step"]}))


if __name__ == "__main__":
    main()
