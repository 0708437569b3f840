/**
 * MFSNN's baselines (arXiv 2410.03533 names MLP and GRU; card §2.4): a GRU written as matmuls (PyTorch's nn.GRU
 * equations and gate order, tested against PyTorch; tf.layers.gru is slower on WASM), an MLP on the flattened
 * trial, and logistic regression on per-channel mean features. Inputs x `[B, T, C]`, scores `[B, K]`.
 */
import * as tf from "@tensorflow/tfjs";
import { ParamStore } from "../../core/nn/params";
import { OpCounter } from "../../core/train/energy";
import type { Rng } from "../../core/train/seed";
import { toTimeMajor } from "./layers";

/** GRU weights in PyTorch's layout, transposed for x·W: W_ih `[C, 3H]`, W_hh `[H, 3H]` (gates r, z, n), biases `[3H]`. */
export interface GruWeights {
  wih: tf.Tensor2D;
  whh: tf.Tensor2D;
  bih: tf.Tensor1D;
  bhh: tf.Tensor1D;
}

/**
 * A one-layer GRU over x `[B, T, C]` from h₀ = 0 (PyTorch's nn.GRU):
 *   r = σ(x W_ir + b_ir + h W_hr + b_hr),  z = σ(x W_iz + b_iz + h W_hz + b_hz)
 *   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
 * The input projections of all steps are one matmul; returns every hidden state `[T, B, H]`.
 */
export function gruStates(x: tf.Tensor, w: GruWeights, T: number, C: number): tf.Tensor3D {
  const H = w.whh.shape[0];
  const xt = toTimeMajor(x, T, C); // [T·B, C]
  const B = xt.shape[0] / T;
  const gi = tf.reshape(tf.add(tf.matMul(xt, w.wih), w.bih), [T, B, 3 * H]); // all input projections at once
  let h: tf.Tensor2D = tf.zeros([B, H]);
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const [ir, iz, inn] = tf.split(tf.squeeze(tf.slice(gi, [t, 0, 0], [1, B, 3 * H]), [0]), 3, 1);
    const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, w.whh), w.bhh), 3, 1);
    const r = tf.sigmoid(tf.add(ir, hr)), z = tf.sigmoid(tf.add(iz, hz));
    const n = tf.tanh(tf.add(inn, tf.mul(r, hn)));
    h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D; // [B, H]
    hs.push(h);
  }
  return tf.stack(hs) as tf.Tensor3D; // [T, B, H]
}

/** GRU decoder forms: the co-author's (last state → FC → sigmoid, MSE to one-hot) and mean-pooled states with CE. */
export type GruReadout = "last" | "mean";

/** A GRU decoder: weights (PyTorch's U(±1/√H) init) and the FC readout. */
export interface GruDecoder {
  kind: "gru";
  readout: GruReadout;
  T: number;
  C: number;
  K: number;
  H: number;
  params: ParamStore;
}

/** Builds a GRU decoder with hidden size H. */
export function buildGru(o: { T: number; C: number; K: number; H: number; readout: GruReadout }, rng: Rng): GruDecoder {
  const p = new ParamStore(rng, "gru");
  const bound = (shape: number[], r: Rng) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.uniform(-1 / Math.sqrt(o.H), 1 / Math.sqrt(o.H))), shape);
  p.weight("wih", [o.C, 3 * o.H], bound);
  p.weight("whh", [o.H, 3 * o.H], bound);
  p.weight("bih", [3 * o.H], bound);
  p.weight("bhh", [3 * o.H], bound);
  p.weight("fc/w", [o.H, o.K]);
  p.weight("fc/b", [o.K], "zeros");
  return { kind: "gru", ...o, params: p };
}

/** Scores `[B, K]` of a GRU decoder: FC of the last state or of the time-mean of the states. */
export function gruForward(m: GruDecoder, x: tf.Tensor): tf.Tensor2D {
  const p = m.params;
  const w: GruWeights = { wih: p.get("wih") as tf.Tensor2D, whh: p.get("whh") as tf.Tensor2D, bih: p.get("bih") as tf.Tensor1D, bhh: p.get("bhh") as tf.Tensor1D };
  const hs = gruStates(x, w, m.T, m.C);
  const feat = m.readout === "last" ? tf.squeeze(tf.slice(hs, [m.T - 1, 0, 0], [1, -1, -1]), [0]) : tf.mean(hs, 0); // [B, H]
  return tf.add(tf.matMul(feat, p.get("fc/w")), p.get("fc/b")) as tf.Tensor2D;
}

/** An MLP on the flattened trial: T·C → hidden… → K, ReLU, dropout between layers in training (card §2.4). */
export interface MlpDecoder {
  kind: "mlp";
  T: number;
  C: number;
  K: number;
  hidden: number[];
  dropout: number;
  params: ParamStore;
}

/** Builds an MLP (PyTorch's default init). */
export function buildMlp(o: { T: number; C: number; K: number; hidden: number[]; dropout: number }, rng: Rng): MlpDecoder {
  const p = new ParamStore(rng, "mlp");
  const sizes = [o.T * o.C, ...o.hidden, o.K];
  for (let l = 0; l + 1 < sizes.length; l++) {
    p.weight(`l${l}/w`, [sizes[l], sizes[l + 1]]);
    p.weight(`l${l}/b`, [sizes[l + 1]], (shape, r) => tf.tensor(Array.from({ length: shape[0] }, () => r.uniform(-1 / Math.sqrt(sizes[l]), 1 / Math.sqrt(sizes[l]))), shape));
  }
  return { kind: "mlp", ...o, hidden: [...o.hidden], params: p };
}

/** MLP scores `[B, K]`; `dropSeed` draws the dropout masks in training. */
export function mlpForward(m: MlpDecoder, x: tf.Tensor, training: boolean, dropSeed = 0): tf.Tensor2D {
  let h = tf.reshape(x, [x.shape[0], m.T * m.C]); // [B, T·C]
  const L = m.hidden.length + 1;
  for (let l = 0; l < L; l++) {
    h = tf.add(tf.matMul(h, m.params.get(`l${l}/w`)), m.params.get(`l${l}/b`));
    if (l + 1 < L) {
      h = tf.relu(h);
      if (training && m.dropout > 0) h = tf.dropout(h, m.dropout, undefined, dropSeed + l);
    }
  }
  return h as tf.Tensor2D;
}

/** Logistic regression on each channel's time-mean feature (a monotone function of its counts): C → K. */
export interface LogregDecoder {
  kind: "logreg";
  T: number;
  C: number;
  K: number;
  params: ParamStore;
}

/** Builds the logistic-regression floor. */
export function buildLogreg(o: { T: number; C: number; K: number }, rng: Rng): LogregDecoder {
  const p = new ParamStore(rng, "logreg");
  p.weight("w", [o.C, o.K], "zeros");
  p.weight("b", [o.K], "zeros");
  return { kind: "logreg", ...o, params: p };
}

/** Logistic-regression scores `[B, K]`: mean_t x · W + b. */
export function logregForward(m: LogregDecoder, x: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(tf.mean(x, 1), m.params.get("w")), m.params.get("b")) as tf.Tensor2D;
}

/**
 * MACs per trial of the ANN baselines, analytic (card §4 claim 4; elementwise gate arithmetic not counted, as for
 * MFSNN's LIF updates): GRU T·3(C·H + H·H) + H·K; MLP Σ_l in_l·out_l; logistic regression C·K.
 */
export function baselineOps(m: GruDecoder | MlpDecoder | LogregDecoder): OpCounter {
  const c = new OpCounter();
  if (m.kind === "gru") {
    c.add("gru input", "linear", m.C * 3 * m.H, { timesteps: m.T });
    c.add("gru recurrent", "linear", m.H * 3 * m.H, { timesteps: m.T });
    c.linear("fc", m.H, m.K);
  } else if (m.kind === "mlp") {
    const sizes = [m.T * m.C, ...m.hidden, m.K];
    for (let l = 0; l + 1 < sizes.length; l++) c.linear(`fc${l}`, sizes[l], sizes[l + 1]);
  } else c.linear("logreg", m.C, m.K);
  return c;
}
