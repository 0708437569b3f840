/**
 * MetaLA (arXiv 2411.10741), §2 / card §2.1: the unified linear-attention recurrence that every mixer of this paper
 * folder shares, written once in three equivalent forms:
 *
 *   eq. (unified): S_t = Diag(α_t) S_{t−1} + k_tᵀ v_t,   o_t = q_t S_t        (per head; S_t ∈ R^{dk × dv})
 *   parallel view:  o_t = Σ_{s≤t} a_{t,s} v_s,   a_{t,s} = Σ_i q_{t,i} k_{s,i} Π_{j=s+1..t} α_{j,i}
 *
 * - `scanRecurrent`: the step-by-step recurrence (decoding; the reference in tests).
 * - `scanChunked`: the chunked-parallel form used for training (fused_chunk_gla's algorithm): a few large batched
 *   matmuls per chunk instead of T small steps.
 * - `attentionMap`: the explicit T×T map a_{t,s} (static approximation, Table 2; small T only).
 *
 * Decays are passed as log-decays ℓ = log α ≤ 0, shaped like the keys. Layout everywhere: q, k, ℓ `[B, H, T, dk]`,
 * v `[B, H, T, dv]`, output `[B, H, T, dv]`.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Smallest per-step log-decay the chunked form is run with (α ≥ e^−4 ≈ 0.018). Within a chunk of C steps the
 * factors e^{±(G_t − G_mid)} reach e^{4·C/2}; with C = 16 that is e^32, far inside float32. Mixers clamp ℓ to this
 * (a decay of 0.018 per step already erases a memory within two tokens, so C1 forgetting is still available).
 */
export const MIN_LOG_DECAY = -4;
/** Default chunk length of `scanChunked` (see MIN_LOG_DECAY for why 16). */
export const DEFAULT_CHUNK = 16;

/**
 * The per-step log-decay floor that keeps a chunk of length C in float32 range: −64/C (−4 at C = 16, −2 at C = 32).
 * Masked-out entries of the intra-chunk product reach e^{|floor|·(C−1)} ≤ e^64, under float32's e^88.
 */
export function logDecayFloor(chunk: number): number {
  return -64 / chunk;
}

function checkShapes(fn: string, q: tf.Tensor, k: tf.Tensor, logA: tf.Tensor, v: tf.Tensor): [number, number, number, number, number] {
  if (q.rank !== 4) throw new Error(`${fn}: q must be rank 4 [B,H,T,dk], got shape [${q.shape}]; reshape heads first`);
  const [B, H, T, dk] = q.shape;
  for (const [name, t] of [["k", k], ["logA", logA]] as const) {
    if (t.shape.join() !== q.shape.join()) throw new Error(`${fn}: ${name} must have q's shape [${q.shape}], got [${t.shape}]`);
  }
  if (v.rank !== 4 || v.shape[0] !== B || v.shape[1] !== H || v.shape[2] !== T) throw new Error(`${fn}: v must be [B,H,T,dv] = [${B},${H},${T},dv], got [${v.shape}]`);
  return [B, H, T, dk, v.shape[3]!];
}

/**
 * The recurrence, one step at a time. q, k, logA `[B,H,T,dk]`, v `[B,H,T,dv]` → o `[B,H,T,dv]` and the final state
 * `[B,H,dk,dv]`. T small ops per call: use for decoding and as the test reference.
 */
export function scanRecurrent(q: tf.Tensor, k: tf.Tensor, logA: tf.Tensor, v: tf.Tensor, s0?: tf.Tensor): { o: tf.Tensor; state: tf.Tensor } {
  const [B, H, T, dk, dv] = checkShapes("scanRecurrent", q, k, logA, v);
  return tf.tidy(() => {
    const qs = tf.unstack(q, 2), ks = tf.unstack(k, 2), as = tf.unstack(tf.exp(logA), 2), vs = tf.unstack(v, 2);
    let S: tf.Tensor = s0 ?? tf.zeros([B, H, dk, dv]);
    const outs: tf.Tensor[] = [];
    for (let t = 0; t < T; t++) {
      // eq. unified: S_t = Diag(α_t) S_{t−1} + k_tᵀ v_t          [B,H,dk,dv]
      S = tf.add(tf.mul(S, tf.expandDims(as[t], 3)), tf.mul(tf.expandDims(ks[t], 3), tf.expandDims(vs[t], 2)));
      // o_t = q_t S_t                                             [B,H,1,dv]
      outs.push(tf.matMul(tf.expandDims(qs[t], 2), S));
    }
    return { o: tf.concat(outs, 2), state: S };
  });
}

/** Lower-triangular ones `[C, C]` (s ≤ t), built outside any tape. */
function lowerOnes(C: number): tf.Tensor2D {
  return tf.linalg.bandPart(tf.ones([C, C]), -1, 0) as tf.Tensor2D;
}

/**
 * The chunked-parallel form of the same recurrence (equal to `scanRecurrent` to float rounding; tested to 1e-5).
 * T is split into N chunks of C steps (the last one zero-padded: zero k and v write nothing, zero ℓ decays nothing).
 * Inside a chunk, with G_t = Σ_{j≤t} ℓ_j (cumulative log-decay within the chunk):
 *
 *   intra:  O = ((q ⊙ e^{G−G_m}) (k ⊙ e^{G_m−G})ᵀ ⊙ L) v          (G_m: mid-chunk row, keeps the exponents small)
 *   inter:  O += (q ⊙ e^{G}) S_n,    S_{n+1} = e^{G_C} ⊙ S_n + (k ⊙ e^{G_C − G})ᵀ v
 *
 * Every chunk's intra part and its state contribution are computed at once (batched matmuls over B·H·N); only the
 * N-step state carry is a loop. ℓ must be ≥ MIN_LOG_DECAY for chunk ≤ 16 (see there). Returns o `[B,H,T,dv]`.
 */
export function scanChunked(q: tf.Tensor, k: tf.Tensor, logA: tf.Tensor, v: tf.Tensor, chunk = DEFAULT_CHUNK): tf.Tensor {
  const [B, H, T, dk, dv] = checkShapes("scanChunked", q, k, logA, v);
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`scanChunked: chunk must be a positive integer, got ${chunk}`);
  const C = Math.min(chunk, T);
  const N = Math.ceil(T / C);
  const pad = N * C - T;
  return tf.tidy(() => {
    const L = lowerOnes(C);
    const padT = (x: tf.Tensor) => (pad ? tf.pad(x, [[0, 0], [0, 0], [0, pad], [0, 0]]) : x);
    const BHN = B * H * N;
    const qc = tf.reshape(padT(q), [BHN, C, dk]); // [BHN, C, dk]
    const kc = tf.reshape(padT(k), [BHN, C, dk]);
    const lc = tf.reshape(padT(logA), [BHN, C, dk]);
    const vc = tf.reshape(padT(v), [BHN, C, dv]);
    const G = tf.cumsum(lc, 1); // G_t = Σ_{j≤t} ℓ_j (lib/core fixes cumsum's gradient on this axis)   [BHN, C, dk]
    const m = Math.floor((C - 1) / 2);
    const Gm = tf.slice(G, [0, m, 0], [BHN, 1, dk]); // [BHN, 1, dk]
    const qe = tf.mul(qc, tf.exp(tf.sub(G, Gm)));
    const ke = tf.mul(kc, tf.exp(tf.sub(Gm, G)));
    const A = tf.mul(tf.matMul(qe, ke, false, true), L); // a_{t,s} = Σ_i q_ti k_si e^{G_ti − G_si}, s ≤ t   [BHN, C, C]
    let o = tf.matMul(A, vc); // intra-chunk part   [BHN, C, dv]
    if (N > 1) {
      const Glast = tf.slice(G, [0, C - 1, 0], [BHN, 1, dk]); // [BHN, 1, dk]
      const U = tf.reshape(tf.matMul(tf.mul(kc, tf.exp(tf.sub(Glast, G))), vc, true, false), [B * H, N, dk, dv]); // chunk writes
      const decay = tf.reshape(tf.exp(Glast), [B * H, N, dk, 1]); // e^{G_C}
      const Us = tf.unstack(U, 1), ds = tf.unstack(decay, 1);
      const states: tf.Tensor[] = [tf.zeros([B * H, dk, dv])];
      for (let n = 1; n < N; n++) states.push(tf.add(tf.mul(states[n - 1], ds[n - 1]), Us[n - 1])); // S_n = e^{G_C} ⊙ S_{n−1} + U_{n−1}
      const S = tf.reshape(tf.stack(states, 1), [BHN, dk, dv]); // state entering each chunk   [BHN, dk, dv]
      o = tf.add(o, tf.matMul(tf.mul(qc, tf.exp(G)), S)); // inter-chunk part
    }
    o = tf.reshape(o, [B, H, N * C, dv]);
    return pad ? tf.slice(o, [0, 0, 0, 0], [B, H, T, dv]) : o;
  });
}

/**
 * The explicit causal map a_{t,s} = Σ_i q_{t,i} k_{s,i} e^{G_{t,i} − G_{s,i}} for s ≤ t, 0 above the diagonal
 * (card §2.1, parallel view). q, k, logA `[B,H,T,dk]` → `[B,H,T,T]`. Materialises `[B,H,T,T,dk]`: small T only.
 */
export function attentionMap(q: tf.Tensor, k: tf.Tensor, logA: tf.Tensor): tf.Tensor {
  const [B, H, T, dk] = checkShapes("attentionMap", q, k, logA, q);
  return tf.tidy(() => {
    const M = tf.reshape(lowerOnes(T), [1, 1, T, T, 1]);
    const G = tf.cumsum(logA, 2); // [B,H,T,dk]
    const D = tf.sub(tf.expandDims(G, 3), tf.expandDims(G, 2)); // G_t − G_s   [B,H,T,T,dk]; ≤ 0 where s ≤ t
    const E = tf.mul(tf.exp(tf.minimum(D, 0)), M); // the min only touches s > t, which the mask zeroes
    const qk = tf.mul(tf.expandDims(q, 3), tf.expandDims(k, 2)); // q_ti k_si   [B,H,T,T,dk]
    return tf.reshape(tf.sum(tf.mul(qk, E), 4), [B, H, T, T]);
  });
}

/** Clamps log-decays to [MIN_LOG_DECAY, 0] (what every mixer feeds `scanChunked`). */
export function clampLogDecay(logA: tf.Tensor, min = MIN_LOG_DECAY): tf.Tensor {
  return tf.clipByValue(logA, min, 0);
}
