#!/usr/bin/python3
"""PyTorch reference for `paperlab bench`: the workloads of lib/core/bench/workloads.ts, same shapes.

Run with Debian's Python (python3-torch): /usr/bin/python3 bench/torch/bench.py --threads N [--budget-ms MS] [--stat median|min]
[--clock wall|cpu]
Prints one JSON object: {"torch": version, "threads": N, "rows": {workload: median ms}}.
Layouts are PyTorch's own (NCHW for the conv), as a PyTorch user would write them.
"""
import argparse, json, math, sys, time

import torch
import torch.nn.functional as F


def rnd(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def param(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_()


def matmul(n):
    a, b = rnd(n, n), rnd(n, n)
    return lambda: a @ b


def conv():
    x = rnd(16, 8, 32, 32).requires_grad_()
    w = param(16, 8, 3, 3, scale=0.1)

    def step():
        y = F.conv2d(x, w, padding=1)
        return torch.autograd.grad((y * y).mean(), [x, w])
    return step


def block_params(d):
    return dict(g1=torch.ones(d, requires_grad=True), qkv=param(d, 3 * d, scale=0.02), qkvb=torch.zeros(3 * d, requires_grad=True),
                o=param(d, d, scale=0.02), ob=torch.zeros(d, requires_grad=True), g2=torch.ones(d, requires_grad=True),
                f1=param(d, 2 * d, scale=0.02), f1b=torch.zeros(2 * d, requires_grad=True), f2=param(2 * d, d, scale=0.02),
                f2b=torch.zeros(d, requires_grad=True))


def ln(x, g):
    return F.layer_norm(x, (x.shape[-1],), weight=g, eps=1e-5)


def block(h, P, B, T, d, H, mask):
    dh = d // H
    a = (ln(h, P["g1"]).reshape(B * T, d) @ P["qkv"] + P["qkvb"]).view(B, T, 3, H, dh).permute(2, 0, 3, 1, 4)
    q, k, v = a[0], a[1], a[2]
    s = ((q @ k.transpose(-1, -2)) / math.sqrt(dh) + mask).softmax(-1)
    o = ((s @ v).transpose(1, 2).reshape(B * T, d) @ P["o"] + P["ob"]).view(B, T, d)
    h1 = h + o
    m = (torch.relu(ln(h1, P["g2"]).reshape(B * T, d) @ P["f1"] + P["f1b"]) @ P["f2"] + P["f2b"]).view(B, T, d)
    return h1 + m


def causal_mask(T):
    return (torch.tril(torch.ones(T, T)) - 1) * 1e9


def transformer_block():
    B, T, d, H = 32, 32, 64, 2
    P = block_params(d)
    x, mask = rnd(B, T, d), causal_mask(T)

    def step():
        y = block(x, P, B, T, d, H, mask)
        return torch.autograd.grad((y * y).mean(), list(P.values()))
    return step


def attention_lm():
    B, T, V, d, H = 32, 32, 64, 64, 2
    P = dict(E=param(V, d, scale=0.02), pos=param(T, d, scale=0.02), gf=torch.ones(d, requires_grad=True))
    blocks = [block_params(d), block_params(d)]
    params = list(P.values()) + [p for b in blocks for p in b.values()]
    opt = torch.optim.Adam(params, 3e-3)
    mask = causal_mask(T)
    xi, yi = torch.randint(0, V, (B, T)), torch.randint(0, V, (B * T,))

    def step():
        opt.zero_grad()
        h = P["E"][xi] + P["pos"]
        for b in blocks:
            h = block(h, b, B, T, d, H, mask)
        logits = ln(h, P["gf"]).reshape(B * T, d) @ P["E"].T
        loss = F.cross_entropy(logits, yi)
        loss.backward()
        opt.step()
        return loss
    return step


class Spike(torch.autograd.Function):
    """Heaviside forward, sigmoid surrogate (slope 4) backward."""
    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u > 0).float()

    @staticmethod
    def backward(ctx, dy):
        (u,) = ctx.saved_tensors
        sg = torch.sigmoid(4 * u)
        return dy * sg * (1 - sg) * 4


def lif():
    T, B, N = 8, 32, 256
    x, W = rnd(T, B, N), param(N, N, scale=0.1)

    def step():
        u = torch.zeros(B, N)
        total = torch.zeros(B, N)
        for t in range(T):
            u = 0.9 * u + x[t] @ W
            s = Spike.apply(u - 1)
            u = u - s
            total = total + s
        return torch.autograd.grad(total.mean(), [W])
    return step


def mlp_adam():
    w1, b1 = param(784, 1024, scale=0.03), torch.zeros(1024, requires_grad=True)
    w2, b2 = param(1024, 192, scale=0.03), torch.zeros(192, requires_grad=True)
    w3, b3 = param(192, 10, scale=0.07), torch.zeros(10, requires_grad=True)
    opt = torch.optim.Adam([w1, b1, w2, b2, w3, b3], 1e-3)
    x, y = rnd(64, 784), torch.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(torch.relu(torch.relu(x @ w1 + b1) @ w2 + b2) @ w3 + b3, y)
        loss.backward()
        opt.step()
        return loss
    return step


WORKLOADS = {
    "matmul-512": lambda: matmul(512), "matmul-1024": lambda: matmul(1024), "conv2d-3x3-fwd-bwd": conv,
    "transformer-block-fwd-bwd": transformer_block, "lif-recurrence-T8-fwd-bwd": lif, "mlp-1m-adam-step": mlp_adam,
    "attention-lm-train-step": attention_lm,
}


def time_it(step, budget_ms, stat, warmup=3, min_reps=5, max_reps=200, clock=time.perf_counter):
    """ms per step; clock is wall time (perf_counter) or this process's CPU time (process_time, --clock cpu)."""
    for _ in range(warmup):
        step()
    times, start = [], time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or (time.perf_counter() - start) * 1e3 < budget_ms):
        t0 = clock()
        step()
        times.append((clock() - t0) * 1e3)
    times.sort()
    return times[0] if stat == "min" else times[len(times) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--budget-ms", type=float, default=1000)
    ap.add_argument("--only", default="")
    ap.add_argument("--stat", choices=["median", "min"], default="median")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    a = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    names = [n for n in WORKLOADS if not a.only or n in a.only.split(",")]
    clock = time.process_time if a.clock == "cpu" else time.perf_counter
    rows = {n: time_it(WORKLOADS[n](), a.budget_ms, a.stat, clock=clock) for n in names}
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
