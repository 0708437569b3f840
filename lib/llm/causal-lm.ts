/**
 * One tiny decoder-only transformer LM on tfjs (WASM), shared by the papers that need a language model trained here
 * (PclGPT's "PclGPT-mini", DataCommons' LocalLM). GPT-2 layout, pre-LN:
 *   h⁰ = E[x] + P[0:T]                                   E [V, d] token embedding, P [context, d] learned positions
 *   a  = softmax(Q Kᵀ/√e + M) V,  Q,K,V = split_heads(LN₁(hˡ) W_qkv + b)   heads H, e = d/H, M causal (−1e9 above the diagonal)
 *   h' = hˡ + a W_o + b_o,  hˡ⁺¹ = h' + act(LN₂(h') W₁ + b₁) W₂ + b₂       act = GELU (tanh form) or ReLU
 *   logits = LN_f(hᴸ) Eᵀ                                 tied embeddings: the output projection is Eᵀ
 * With `causal: false` the mask is dropped: the same stack is a bidirectional (BERT-style) encoder of equal size.
 *
 * Losses take the outputs at chosen positions only (`TokenBatch.positions`): next-token pre-training uses every
 * position, instruction fine-tuning only the answer slot, MLM the masked positions. The softmax cross-entropy then runs
 * over [n, V] logits for those n positions, not [B·T, V]. Scoring and greedy generation read the continuation only,
 * never the prompt. Sequences are right-padded; with a causal mask the padding after a token never reaches it.
 */
import * as tf from "@tensorflow/tfjs";
import { layerNorm } from "../core/kernels/layer-norm";
import { softmaxCrossEntropy } from "../core/kernels/softmax-cross-entropy";
import { ParamStore } from "../core/nn/params";
import { splitHeads, mergeHeads, linear } from "../core/nn/heads";
import { Rng, type SeedLike } from "../core/train/seed";
import { lmMessages } from "./causal-lm-messages";

/** Shape of the model. */
export interface CausalLMConfig {
  /** Vocabulary size V (the tokenizer's `size`). */
  vocabSize: number;
  /** Longest sequence T the model reads (learned positions). */
  context: number;
  /** Width d. */
  dModel: number;
  /** Attention heads H (divides d). */
  heads: number;
  /** Transformer blocks. */
  layers: number;
  /** Hidden width of the feed-forward block. */
  ffn: number;
  /** Causal mask (default true); false gives a bidirectional encoder (the MLM baseline). */
  causal?: boolean;
  /** Feed-forward activation (default "gelu", tanh form as GPT-2). */
  activation?: "gelu" | "relu";
  /** Id used to right-pad batches (default 0, the tokenizer's <pad>). */
  padId?: number;
}

/** The size used by PclGPT-mini: 2 layers, d 64, 4 heads, FFN 256. */
export const TINY_LM: Omit<CausalLMConfig, "vocabSize" | "context"> = { dModel: 64, heads: 4, layers: 2, ffn: 256 };

/** A right-padded batch with the positions whose outputs are scored and the token each must predict. */
export interface TokenBatch {
  B: number;
  T: number;
  /** [B·T] token ids, row-major, right-padded. */
  ids: Int32Array;
  /** Flat indices b·T + t of the outputs that enter the loss. */
  positions: Int32Array;
  /** The token each of those outputs must predict (same length as `positions`). */
  targets: Int32Array;
}

/** Pads `seqs` to their longest length (checked against `context`) into a [B·T] id array. */
export function padIds(seqs: readonly (readonly number[])[], context: number, padId = 0, what = "a sequence"): { ids: Int32Array; B: number; T: number } {
  const B = seqs.length;
  if (B === 0) throw new Error(lmMessages.emptySequence("the batch"));
  let T = 0;
  for (const s of seqs) {
    if (s.length === 0) throw new Error(lmMessages.emptySequence(what));
    if (s.length > context) throw new Error(lmMessages.pastContext(s.length, context, what));
    T = Math.max(T, s.length);
  }
  const ids = new Int32Array(B * T).fill(padId);
  seqs.forEach((s, b) => ids.set(s, b * T));
  return { ids, B, T };
}

/** Next-token batch: every position t < len−1 of each sequence predicts token t+1 (pre-training). */
export function nextTokenBatch(seqs: readonly (readonly number[])[], context: number, padId = 0): TokenBatch {
  const { ids, B, T } = padIds(seqs, context, padId, "a pre-training sequence");
  const pos: number[] = [];
  const tgt: number[] = [];
  seqs.forEach((s, b) => { for (let t = 0; t + 1 < s.length; t++) { pos.push(b * T + t); tgt.push(s[t + 1]); } });
  return { B, T, ids, positions: Int32Array.from(pos), targets: Int32Array.from(tgt) };
}

/**
 * Answer-slot batch (instruction fine-tuning): the output at each prompt's last token (e.g. `<sep>`) predicts the
 * answer token; no other position enters the loss, and the answer is not part of the input.
 */
export function answerBatch(prompts: readonly (readonly number[])[], answers: readonly number[], context: number, padId = 0): TokenBatch {
  if (prompts.length !== answers.length) throw new Error(lmMessages.lengthMismatch("prompts", prompts.length, "answers", answers.length));
  const { ids, B, T } = padIds(prompts, context, padId, "a prompt");
  return { B, T, ids, positions: Int32Array.from(prompts, (p, b) => b * T + p.length - 1), targets: Int32Array.from(answers) };
}

/**
 * Teacher-forced continuation batch: input = prompt ++ c[0..k−2]; the output at the prompt's last token predicts c[0],
 * the output at c[j−1] predicts c[j] (e.g. an intensity word, then the label). Only those k positions enter the loss;
 * `answerBatch` is the case k = 1.
 */
export function continuationBatch(prompts: readonly (readonly number[])[], continuations: readonly (readonly number[])[], context: number, padId = 0): TokenBatch {
  if (prompts.length !== continuations.length) throw new Error(lmMessages.lengthMismatch("prompts", prompts.length, "continuations", continuations.length));
  const seqs = prompts.map((p, b) => {
    const c = continuations[b];
    if (c.length === 0) throw new Error(lmMessages.emptySequence("a continuation"));
    return [...p, ...c.slice(0, -1)];
  });
  const { ids, B, T } = padIds(seqs, context, padId, "prompt + continuation");
  const pos: number[] = [];
  const tgt: number[] = [];
  prompts.forEach((p, b) => continuations[b].forEach((tok, j) => { pos.push(b * T + p.length - 1 + j); tgt.push(tok); }));
  return { B, T, ids, positions: Int32Array.from(pos), targets: Int32Array.from(tgt) };
}

/** The tiny transformer LM; weights in a ParamStore (`params.trainable()` for `train`). */
export class CausalLM {
  readonly cfg: Required<CausalLMConfig>;
  readonly params: ParamStore;
  private readonly masks = new Map<number, tf.Tensor2D>();

  constructor(cfg: CausalLMConfig, seed: SeedLike | Rng = 0) {
    const c: Required<CausalLMConfig> = { causal: true, activation: "gelu", padId: 0, ...cfg };
    for (const k of ["vocabSize", "context", "dModel", "heads", "layers", "ffn"] as const) {
      if (!(Number.isInteger(c[k]) && c[k] > 0)) throw new Error(lmMessages.badConfig(k, c[k], "a positive integer"));
    }
    if (c.dModel % c.heads !== 0) throw new Error(lmMessages.headsDivide(c.dModel, c.heads));
    this.cfg = c;
    this.params = new ParamStore(seed instanceof Rng ? seed : new Rng(seed).fork("causal-lm"), c.causal ? "causal-lm" : "encoder-lm");
    const p = this.params;
    const { vocabSize: V, context, dModel: d, ffn, layers: L } = c;
    // GPT-2 init: N(0, 0.02²); residual output projections N(0, (0.02/√(2L))²); biases 0, LN gains 1.
    const resid = (shape: number[], r: Rng) => tf.tensor(Float32Array.from({ length: shape[0] * shape[1] }, () => r.normal(0, 0.02 / Math.sqrt(2 * L))), shape);
    p.weight("wte", [V, d], "normal02");
    p.weight("wpe", [context, d], "normal02");
    for (let l = 0; l < L; l++) {
      p.weight(`h${l}/ln1`, [d], "ones");
      p.weight(`h${l}/qkv`, [d, 3 * d], "normal02");
      p.weight(`h${l}/qkv_b`, [3 * d], "zeros");
      p.weight(`h${l}/proj`, [d, d], resid);
      p.weight(`h${l}/proj_b`, [d], "zeros");
      p.weight(`h${l}/ln2`, [d], "ones");
      p.weight(`h${l}/fc`, [d, ffn], "normal02");
      p.weight(`h${l}/fc_b`, [ffn], "zeros");
      p.weight(`h${l}/out`, [ffn, d], resid);
      p.weight(`h${l}/out_b`, [d], "zeros");
    }
    p.weight("ln_f", [d], "ones");
    p.weight("ln_f_b", [d], "zeros");
  }

  /** Trainable scalars. */
  count(): number {
    return this.params.count();
  }

  /** Additive mask M [T, T]: 0 on and below the diagonal, −1e9 above (cached per T, freed by `dispose`). */
  causalMask(T: number): tf.Tensor2D {
    let m = this.masks.get(T);
    if (!m) {
      m = tf.keep(tf.tidy(() => tf.mul(tf.sub(tf.linalg.bandPart(tf.ones([T, T]), -1, 0), 1), 1e9) as tf.Tensor2D));
      this.masks.set(T, m);
    }
    return m;
  }

  /** Final hidden states LN_f(hᴸ) [B, T, d] of int32 ids [B, T]. */
  hidden(ids: tf.Tensor2D): tf.Tensor3D {
    const [B, T] = ids.shape;
    const { context, dModel: d, heads: H, layers: L, causal, activation } = this.cfg;
    if (T > context) throw new Error(lmMessages.pastContext(T, context, "the input"));
    const w = (n: string) => this.params.get(n);
    const e = d / H;
    const mask = causal ? this.causalMask(T) : undefined;
    let h = tf.add(tf.gather(w("wte"), ids), tf.slice(w("wpe"), [0, 0], [T, d])) as tf.Tensor3D; // [B, T, d]
    for (let l = 0; l < L; l++) {
      const qkv = linear(layerNorm(h, w(`h${l}/ln1`)), w(`h${l}/qkv`), w(`h${l}/qkv_b`)); // [B, T, 3d]
      const [q, k, v] = tf.split(qkv, 3, 2).map((t) => splitHeads(t, H)); // each [B, H, T, e]
      let s = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(e)); // QKᵀ/√e  [B, H, T, T]
      if (mask) s = tf.add(s, mask);
      const a = mergeHeads(tf.matMul(tf.softmax(s), v)); // [B, T, d]
      h = tf.add(h, linear(a, w(`h${l}/proj`), w(`h${l}/proj_b`))) as tf.Tensor3D;
      const f = linear(layerNorm(h, w(`h${l}/ln2`)), w(`h${l}/fc`), w(`h${l}/fc_b`)); // [B, T, ffn]
      h = tf.add(h, linear(activation === "gelu" ? gelu(f) : tf.relu(f), w(`h${l}/out`), w(`h${l}/out_b`))) as tf.Tensor3D;
    }
    return tf.reshape(layerNorm(h, w("ln_f"), w("ln_f_b")), [B, T, d]);
  }

  /** Logits at flat positions b·T + t of `ids`: LN_f(h)[positions] Eᵀ → [n, V]. */
  logitsAt(ids: tf.Tensor2D, positions: tf.Tensor1D): tf.Tensor2D {
    const [B, T] = ids.shape;
    const h = tf.reshape(this.hidden(ids), [B * T, this.cfg.dModel]);
    return tf.matMul(tf.gather(h, positions), this.params.get("wte"), false, true) as tf.Tensor2D;
  }

  /** Full logits [B, T, V] (tests and inspection; training uses `loss`). */
  logits(ids: tf.Tensor2D): tf.Tensor3D {
    const [B, T] = ids.shape;
    const h = tf.reshape(this.hidden(ids), [B * T, this.cfg.dModel]);
    return tf.reshape(tf.matMul(h, this.params.get("wte"), false, true), [B, T, this.cfg.vocabSize]);
  }

  /** Mean cross-entropy of the batch's targets at its positions: −(1/n) Σ log softmax(logits)[target]. */
  loss(batch: TokenBatch): tf.Scalar {
    this.checkBatch(batch);
    const ids = tf.tensor2d(batch.ids, [batch.B, batch.T], "int32");
    const logits = this.logitsAt(ids, tf.tensor1d(batch.positions, "int32"));
    const y = tf.oneHot(tf.tensor1d(batch.targets, "int32"), this.cfg.vocabSize).toFloat();
    return softmaxCrossEntropy(y, logits) as tf.Scalar;
  }

  /**
   * log p(candidate | prompt) for each prompt and candidate token (the verbalizers), normalised over the whole
   * vocabulary at the slot after the prompt's last token → [prompts][candidates], in the prompts' order. Batches of
   * `batchSize` prompts of similar length (sorted by length, so little padding is computed; with the causal mask the
   * padding after a prompt never reaches its last token, so the batching does not change the scores).
   */
  scoreNext(prompts: readonly (readonly number[])[], candidates: readonly number[], batchSize = 64): number[][] {
    if (candidates.length === 0) throw new Error(lmMessages.noCandidates());
    for (const c of candidates) this.checkId(c, "candidate");
    const order = prompts.map((_, i) => i);
    if (this.cfg.causal) order.sort((a, b) => prompts[a].length - prompts[b].length || a - b);
    const out: number[][] = new Array(prompts.length);
    for (let i = 0; i < prompts.length; i += batchSize) {
      const idx = order.slice(i, i + batchSize);
      const chunk = idx.map((k) => prompts[k]);
      for (const p of chunk) for (const t of p) this.checkId(t, "prompt");
      const { ids, B, T } = padIds(chunk, this.cfg.context, this.cfg.padId, "a prompt");
      const lp = tf.tidy(() => {
        const z = this.logitsAt(tf.tensor2d(ids, [B, T], "int32"), tf.tensor1d(chunk.map((p, b) => b * T + p.length - 1), "int32"));
        return tf.gather(tf.logSoftmax(z), tf.tensor1d(candidates as number[], "int32"), 1);
      });
      const v = lp.arraySync() as number[][];
      lp.dispose();
      idx.forEach((k, j) => (out[k] = v[j]));
    }
    return out;
  }

  /** Σ_j log p(c_j | prompt, c_<j) for each continuation c of `prompt` (one batch). */
  scoreContinuations(prompt: readonly number[], continuations: readonly (readonly number[])[]): number[] {
    const seqs = continuations.map((c) => {
      if (c.length === 0) throw new Error(lmMessages.emptySequence("a continuation"));
      return [...prompt, ...c];
    });
    for (const s of seqs) for (const t of s) this.checkId(t, "scored");
    const { ids, B, T } = padIds(seqs, this.cfg.context, this.cfg.padId, "prompt + continuation");
    const pos: number[] = [];
    const tgt: number[] = [];
    const owner: number[] = [];
    continuations.forEach((c, b) => c.forEach((tok, j) => { pos.push(b * T + prompt.length - 1 + j); tgt.push(tok); owner.push(b); }));
    if (prompt.length === 0) throw new Error(lmMessages.emptySequence("the prompt"));
    const lp = tf.tidy(() => {
      const z = tf.logSoftmax(this.logitsAt(tf.tensor2d(ids, [B, T], "int32"), tf.tensor1d(pos, "int32")));
      return tf.sum(tf.mul(z, tf.oneHot(tf.tensor1d(tgt, "int32"), this.cfg.vocabSize)), 1);
    });
    const v = lp.dataSync();
    lp.dispose();
    const sums = new Array<number>(continuations.length).fill(0);
    owner.forEach((b, i) => (sums[b] += v[i]));
    return sums;
  }

  /**
   * Greedy decoding: up to `maxNew` tokens after `prompt`, stopping after a token in `stop` or at the context.
   * Returns the continuation only (never the prompt), so a parser cannot match words of the instruction.
   */
  generate(prompt: readonly number[], o: { maxNew: number; stop?: readonly number[] }): number[] {
    if (prompt.length === 0) throw new Error(lmMessages.emptySequence("the prompt"));
    if (prompt.length > this.cfg.context) throw new Error(lmMessages.pastContext(prompt.length, this.cfg.context, "the prompt"));
    for (const t of prompt) this.checkId(t, "prompt");
    const seq = [...prompt];
    const out: number[] = [];
    while (out.length < o.maxNew && seq.length < this.cfg.context) {
      const next = tf.tidy(() => tf.argMax(this.logitsAt(tf.tensor2d([seq], [1, seq.length], "int32"), tf.tensor1d([seq.length - 1], "int32")), 1));
      const t = next.dataSync()[0];
      next.dispose();
      out.push(t);
      seq.push(t);
      if (o.stop?.includes(t)) break;
    }
    return out;
  }

  /** Frees the weights and cached masks. */
  dispose(): void {
    this.params.dispose();
    for (const m of this.masks.values()) m.dispose();
    this.masks.clear();
  }

  private checkId(id: number, what: string): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.cfg.vocabSize)) throw new Error(lmMessages.badTokenId(id, this.cfg.vocabSize, what));
  }

  private checkBatch(b: TokenBatch): void {
    if (b.T > this.cfg.context) throw new Error(lmMessages.pastContext(b.T, this.cfg.context, "the batch"));
    if (b.positions.length !== b.targets.length) throw new Error(lmMessages.lengthMismatch("positions", b.positions.length, "targets", b.targets.length));
    if (b.positions.length === 0) throw new Error(lmMessages.emptySequence("the batch's loss positions"));
    for (const p of b.positions) if (!(p >= 0 && p < b.B * b.T)) throw new Error(lmMessages.positionOutside(p, b.B * b.T));
    for (const t of b.targets) this.checkId(t, "target");
  }
}

/** GELU, tanh form (GPT-2): ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(x, tf.square(x)), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}
