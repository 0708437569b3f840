/**
 * The benchmark workloads, defined once with the shapes that bench/torch/bench.py uses for PyTorch.
 * Each workload builds its tensors in `setup` and returns a `step` that does one unit of work (a product, a
 * forward+backward, a training step) and returns a tensor to dispose (scalars are read to be sure work finished).
 */
import * as tf from "@tensorflow/tfjs";
import { layerNorm } from "../kernels/layer-norm";
import { softmaxCrossEntropy } from "../kernels/softmax-cross-entropy";
import { adamw } from "../train/optim/adamw";

/** One prepared workload: run `step` repeatedly, then `dispose`. */
export interface Prepared {
  step(): tf.Tensor | tf.Tensor[];
  dispose(): void;
}

/** A named workload (name shared with the PyTorch script). */
export interface Workload {
  name: string;
  /** What is timed, for the table and the README. */
  what: string;
  setup(): Prepared;
}

const rnd = (shape: number[], scale = 1) => tf.randomNormal(shape, 0, scale, "float32", 1);
const v = (shape: number[], scale: number) => tf.variable(tf.randomNormal(shape, 0, scale, "float32", 7));

function matmul(n: number): Workload {
  return {
    name: `matmul-${n}`, what: `[${n},${n}]×[${n},${n}] float32`,
    setup() {
      const a = rnd([n, n]); const b = rnd([n, n]);
      return { step: () => tf.matMul(a, b), dispose: () => tf.dispose([a, b]) };
    },
  };
}

const conv: Workload = {
  name: "conv2d-3x3-fwd-bwd", what: "x [16,32,32,8] ⊛ W [3,3,8,16] 'same', ∂/∂x and ∂/∂W of mean(y²)",
  setup() {
    const x = rnd([16, 32, 32, 8]); const w = rnd([3, 3, 8, 16], 0.1);
    const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, "same").square().mean());
    return { step: () => g([x, w]), dispose: () => tf.dispose([x, w]) };
  },
};

/** Pre-LN attention block parameters (d model width, 2 heads, MLP 2d, ReLU). */
function blockParams(d: number, tag: string): Record<string, tf.Variable> {
  return {
    [`g1${tag}`]: tf.variable(tf.ones([d])), [`qkv${tag}`]: v([d, 3 * d], 0.02), [`qkvb${tag}`]: tf.variable(tf.zeros([3 * d])),
    [`o${tag}`]: v([d, d], 0.02), [`ob${tag}`]: tf.variable(tf.zeros([d])), [`g2${tag}`]: tf.variable(tf.ones([d])),
    [`f1${tag}`]: v([d, 2 * d], 0.02), [`f1b${tag}`]: tf.variable(tf.zeros([2 * d])), [`f2${tag}`]: v([2 * d, d], 0.02),
    [`f2b${tag}`]: tf.variable(tf.zeros([d])),
  };
}

/**
 * LayerNorm over the last axis with a gain and no bias (eps 1e-5): paperlab's fused op, as the PyTorch side uses
 * F.layer_norm (`lab.layerNorm`; on wasm one kernel forward, one backward).
 */
function ln(x: tf.Tensor, g: tf.Tensor): tf.Tensor {
  return layerNorm(x, g, undefined, 1e-5);
}

/** Adam as the PyTorch side runs it (torch.optim.Adam defaults but lr): paperlab's AdamW without decay (fused on wasm). */
const adam = (lr: number) => adamw({ learningRate: lr, weightDecay: 0, epsilon: 1e-8 });

/** One pre-LN causal attention block: h [B,T,d] → [B,T,d]. */
function block(h: tf.Tensor, P: Record<string, tf.Variable>, tag: string, B: number, T: number, d: number, H: number, mask: tf.Tensor): tf.Tensor {
  const dh = d / H;
  const a = ln(h, P[`g1${tag}`]).reshape([B * T, d]).matMul(P[`qkv${tag}`]).add(P[`qkvb${tag}`])
    .reshape([B, T, 3, H, dh]).transpose([2, 0, 3, 1, 4]); // [3, B, H, T, dh]
  const [q, k, vv] = tf.unstack(a);
  const s = tf.matMul(q, k, false, true).mul(1 / Math.sqrt(dh)).add(mask).softmax(); // [B, H, T, T]
  const o = tf.matMul(s, vv).transpose([0, 2, 1, 3]).reshape([B * T, d]).matMul(P[`o${tag}`]).add(P[`ob${tag}`]).reshape([B, T, d]);
  const h1 = h.add(o);
  const m = ln(h1, P[`g2${tag}`]).reshape([B * T, d]).matMul(P[`f1${tag}`]).add(P[`f1b${tag}`]).relu()
    .matMul(P[`f2${tag}`]).add(P[`f2b${tag}`]).reshape([B, T, d]);
  return h1.add(m);
}

const causalMask = (T: number) => tf.tidy(() => tf.linalg.bandPart(tf.ones([T, T]), -1, 0).sub(1).mul(1e9));

const transformerBlock: Workload = {
  name: "transformer-block-fwd-bwd", what: "pre-LN causal attention block B=32 T=32 d=64 H=2, ∂ of mean(y²) w.r.t. all params",
  setup() {
    const [B, T, d, H] = [32, 32, 64, 2];
    const P = blockParams(d, "");
    const x = rnd([B, T, d]); const mask = causalMask(T);
    const f = () => block(x, P, "", B, T, d, H, mask).square().mean() as tf.Scalar;
    return {
      step: () => { const { value, grads } = tf.variableGrads(f); return [value, ...Object.values(grads)]; },
      dispose: () => tf.dispose([x, mask, ...Object.values(P)]),
    };
  },
};

const attentionLm: Workload = {
  name: "attention-lm-train-step", what: "2-block attention LM (PERF-NOTES model: V=64 d=64 H=2 T=32 B=32), one Adam step",
  setup() {
    const [B, T, V, d, H] = [32, 32, 64, 64, 2];
    const P: Record<string, tf.Variable> = { E: v([V, d], 0.02), pos: v([T, d], 0.02), gf: tf.variable(tf.ones([d])), ...blockParams(d, "0"), ...blockParams(d, "1") };
    const mask = causalMask(T);
    const xi = tf.randomUniform([B, T], 0, V, "int32", 3);
    const yo = tf.tidy(() => tf.oneHot(tf.randomUniform([B * T], 0, V, "int32", 4), V).toFloat());
    const opt = adam(3e-3);
    const f = () => {
      let h = tf.gather(P.E, xi).add(P.pos); // [B, T, d]
      for (const tag of ["0", "1"]) h = block(h, P, tag, B, T, d, H, mask);
      const logits = ln(h, P.gf).reshape([B * T, d]).matMul(P.E, false, true); // [B·T, V]
      return softmaxCrossEntropy(yo, logits);
    };
    return {
      step: () => opt.minimize(f, true) as tf.Scalar,
      dispose: () => { tf.dispose([mask, xi, yo, ...Object.values(P)]); opt.dispose(); },
    };
  },
};

/** Heaviside spike with a sigmoid surrogate gradient (slope 4): ∂s/∂u = 4σ(4u)(1 − σ(4u)). */
const spike = tf.customGrad(((u: tf.Tensor, save: tf.GradSaveFunc) => {
  save([u]);
  return {
    value: tf.step(u),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => { const sg = tf.sigmoid(saved[0].mul(4)); return dy.mul(sg.mul(tf.sub(1, sg)).mul(4)); },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (u: tf.Tensor) => tf.Tensor;

const lif: Workload = {
  name: "lif-recurrence-T8-fwd-bwd", what: "LIF layer, T=8, B=32, 256→256, β=0.9, soft reset, sigmoid surrogate; ∂ of mean spikes w.r.t. W",
  setup() {
    const [T, B, N] = [8, 32, 256];
    const x = rnd([T, B, N]); const W = v([N, N], 0.1);
    const xs = tf.unstack(x);
    const f = () => {
      let u: tf.Tensor = tf.zeros([B, N]);
      let total: tf.Tensor = tf.zeros([B, N]);
      for (let t = 0; t < T; t++) {
        u = u.mul(0.9).add(tf.matMul(xs[t], W)); // u_t = β u_{t−1} + x_t W
        const s = spike(u.sub(1)); // s_t = Θ(u_t − 1)
        u = u.sub(s); // soft reset
        total = total.add(s);
      }
      return total.mean() as tf.Scalar;
    };
    return {
      step: () => { const { value, grads } = tf.variableGrads(f, [W]); return [value, ...Object.values(grads)]; },
      dispose: () => tf.dispose([x, W, ...xs]),
    };
  },
};

const optimizerStep: Workload = {
  name: "mlp-1m-adam-step", what: "MLP 784→1024→192→10 (1.00 M params), batch 64, softmax CE, one Adam step",
  setup() {
    const P = {
      w1: v([784, 1024], 0.03), b1: tf.variable(tf.zeros([1024])), w2: v([1024, 192], 0.03), b2: tf.variable(tf.zeros([192])),
      w3: v([192, 10], 0.07), b3: tf.variable(tf.zeros([10])),
    };
    const x = rnd([64, 784]);
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([64], 0, 10, "int32", 5), 10).toFloat());
    const opt = adam(1e-3);
    const f = () => softmaxCrossEntropy(y,
      x.matMul(P.w1).add(P.b1).relu().matMul(P.w2).add(P.b2).relu().matMul(P.w3).add(P.b3));
    return {
      step: () => opt.minimize(f, true) as tf.Scalar,
      dispose: () => { tf.dispose([x, y, ...Object.values(P)]); opt.dispose(); },
    };
  },
};

/** Every workload, in table order. */
export const WORKLOADS: readonly Workload[] = [
  matmul(512), matmul(1024), conv, transformerBlock, lif, optimizerStep, attentionLm,
];

/** Workloads that are training steps (forward + backward), for the 4x goal. */
export const TRAINING_WORKLOADS = new Set(["conv2d-3x3-fwd-bwd", "transformer-block-fwd-bwd", "lif-recurrence-T8-fwd-bwd",
  "mlp-1m-adam-step", "attention-lm-train-step"]);

/**
 * Times one workload: warm-up, then repeats until `budgetMs` is spent (at least `minReps`, at most `maxReps`).
 * Returns the median (or minimum) milliseconds per step, wall or CPU time. Runs outside tidy (see PERF-NOTES: tidy returning typed
 * arrays is slow). The minimum is the better estimate on a machine shared with other jobs.
 */
export function timeWorkload(w: Workload, budgetMs: number, warmup: number, minReps: number, maxReps: number,
  stat: "median" | "min" = "median", clock: "wall" | "cpu" = "wall"): number {
  // cpu: this process's CPU time (user + system, µs resolution), which a machine shared with other jobs inflates far
  // less than wall time (no waiting for a core); the PyTorch side uses time.process_time the same way
  const now = clock === "cpu" ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
  const p = w.setup();
  const run = () => {
    const out = p.step();
    const list = Array.isArray(out) ? out : [out];
    if (list[0].size === 1) list[0].dataSync();
    tf.dispose(list);
  };
  try {
    for (let i = 0; i < warmup; i++) run();
    const times: number[] = [];
    const start = performance.now();
    while (times.length < maxReps && (times.length < minReps || performance.now() - start < budgetMs)) {
      const t0 = now();
      run();
      times.push(now() - t0);
    }
    times.sort((a, b) => a - b);
    return stat === "min" ? times[0] : times[Math.floor(times.length / 2)];
  } finally {
    p.dispose();
  }
}
