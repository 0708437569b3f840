/**
 * Multi-query associative recall (MQAR), Zoology's definition (Arora, Eyuboglu et al. 2023,
 * `zoology/data/multiquery_ar.py`), and its forgetting variant (`forgetting_mqar.py`), as seeded,
 * versioned generators: same parameters + seed → same bytes on every machine.
 *
 * One example, sequence length T, vocabulary V, kv pairs:
 *   keys ⊂ [1, V/2) distinct, values ⊂ [V/2, V) distinct; context `k1 v1 k2 v2 …` (2·kv tokens);
 *   the remaining (T − context)/2 even-offset query slots g get each key once, slots drawn without
 *   replacement with weight (g+1)^(a−1) (a = powerA = 0.01: near slots preferred);
 *   the label sits AT the query token (the value to predict there); every other label is −100.
 *   Empty slots are token 0, or uniform random tokens in [0, V) when randomNonQueries.
 * Forgetting variant: after the kv pairs, `numUpdates` of the keys appear again with a new value
 * (≠ their first value); queries must return the latest value. `updated` marks those queries.
 *
 * Differences from Zoology's Python (same distribution, different stream): our PRNG is paperlab's
 * one xoshiro128** `Rng` (lib/core/train/seed.ts), not numpy's; and in the forgetting variant the new value is drawn
 * to differ from the updated key's own first value (Zoology compares against the j-th key's value,
 * an index mix-up).
 */
import { DatasetError } from "../errors";
import { sha256 } from "../checksum";
import { fixGenerator } from "../messages";
import { Rng } from "../../lib/core/train/seed";
import { register } from "../registry";

/**
 * Bumped whenever the byte output for given parameters changes.
 * v2: drawn with lib/core's `Rng` (its seeding and 53-bit floats) instead of the retired datasets/prng.ts.
 */
export const MQAR_VERSION = 2;
/** Label value of positions that are not scored (PyTorch's ignore_index). */
export const IGNORE_INDEX = -100;

/** MQAR parameters. Defaults: the paper card's quick setting (T=32, kv=4, V=64). */
export interface MqarParams {
  /** Vocabulary size V (keys from [1, V/2), values from [V/2, V)); must exceed seqLen. */
  vocabSize: number;
  /** Sequence length T (even). */
  seqLen: number;
  /** Key–value pairs per example. */
  numKvPairs: number;
  /** Number of examples N. */
  numExamples: number;
  /** Power-law exponent of query placement; 1 = uniform. */
  powerA: number;
  /** Fill empty slots with random tokens instead of 0 (Zoology default true; its figure configs use false). */
  randomNonQueries: boolean;
  /** Keys updated with a second value (forgetting variant only; 0 = plain MQAR). */
  numUpdates: number;
  /** PRNG seed. */
  seed: number;
}

/** Generated samples with their recorded parameters. */
export interface MqarSamples {
  generator: "mqar" | "mqar-forgetting";
  version: number;
  params: MqarParams;
  /** `[N, T]` token ids. */
  inputs: Int32Array;
  /** `[N, T]` target value at query tokens, IGNORE_INDEX elsewhere. */
  labels: Int32Array;
  /** `[N, T]` 1 where the query asks for an updated key (forgetting variant), else 0. */
  updated: Uint8Array;
  n: number;
  seqLen: number;
}

/** The defaults of the `mqar` entry. */
export const MQAR_DEFAULTS: MqarParams = { vocabSize: 64, seqLen: 32, numKvPairs: 4, numExamples: 512, powerA: 0.01, randomNonQueries: false, numUpdates: 0, seed: 0 };
/** The defaults of the `mqar-forgetting` entry (card: T=48, kv=4, 2 updates). */
export const FORGETTING_DEFAULTS: MqarParams = { ...MQAR_DEFAULTS, seqLen: 48, numUpdates: 2 };

/** Merges overrides into defaults, rejecting unknown keys and impossible combinations. */
export function mqarParams(overrides: Partial<MqarParams> = {}, defaults: MqarParams = MQAR_DEFAULTS): MqarParams {
  const known = Object.keys(defaults);
  for (const k of Object.keys(overrides)) {
    if (!known.includes(k)) throw new DatasetError("option", `unknown MQAR parameter '${k}'`, `use only: ${known.join(", ")}`);
  }
  const p = { ...defaults, ...overrides } as MqarParams;
  const ctx = 2 * (p.numKvPairs + p.numUpdates);
  const bad = (msg: string) => new DatasetError("option", `MQAR parameters ${JSON.stringify(p)}: ${msg}`, "change the parameters");
  for (const k of ["vocabSize", "seqLen", "numKvPairs", "numExamples", "numUpdates", "seed"] as const) if (!Number.isInteger(p[k]) || p[k] < 0) throw bad(`${k} must be a non-negative integer`);
  if (p.seqLen % 2 !== 0) throw bad("seqLen must be even");
  if (p.vocabSize <= p.seqLen) throw bad("vocabSize must exceed seqLen (Zoology's assertion)");
  if (p.numKvPairs < 1 || p.numKvPairs >= p.vocabSize / 2) throw bad("need 1 <= numKvPairs < vocabSize/2 distinct keys");
  if (p.numUpdates > p.numKvPairs) throw bad("numUpdates must be <= numKvPairs");
  if (ctx + 2 * p.numKvPairs > p.seqLen) throw bad(`need seqLen >= ${ctx + 2 * p.numKvPairs} (context ${ctx} + 2 per query)`);
  if (!(p.powerA > 0)) throw bad("powerA must be > 0");
  return p;
}

/** Generates MQAR (or forgetting-MQAR when numUpdates > 0) samples. */
export function generateMqar(overrides: Partial<MqarParams> = {}, defaults: MqarParams = MQAR_DEFAULTS): MqarSamples {
  const p = mqarParams(overrides, defaults);
  const { vocabSize: V, seqLen: T, numKvPairs: kv, numExamples: N, numUpdates: nu } = p;
  const half = Math.floor(V / 2);
  const ctx = 2 * (kv + nu);
  const space = (T - ctx) / 2;
  const weights = Array.from({ length: space }, (_, g) => Math.pow(g + 1, p.powerA - 1)); // p_g ∝ (g+1)^(a−1)
  const rng = new Rng(p.seed);
  const inputs = new Int32Array(N * T);
  const labels = new Int32Array(N * T).fill(IGNORE_INDEX);
  const updated = new Uint8Array(N * T);
  for (let e = 0; e < N; e++) {
    const row = e * T;
    const keys = rng.sampleDistinct(1, half, kv);
    const values = rng.sampleDistinct(half, V, kv);
    for (let i = 0; i < kv; i++) {
      inputs[row + 2 * i] = keys[i];
      inputs[row + 2 * i + 1] = values[i];
    }
    const finalValues = values.slice();
    const isUpdated = new Array<boolean>(kv).fill(false);
    if (nu > 0) {
      const which = rng.sampleDistinct(0, kv, nu);
      which.forEach((k, j) => {
        let v = half + rng.int(V - half - 1); // uniform over the values except the key's first one
        if (v >= values[k]) v++;
        finalValues[k] = v;
        isUpdated[k] = true;
        inputs[row + 2 * (kv + j)] = keys[k];
        inputs[row + 2 * (kv + j) + 1] = v;
      });
    }
    const gaps = rng.weightedDistinct(weights, kv);
    for (let i = 0; i < kv; i++) {
      const pos = ctx + 2 * gaps[i];
      inputs[row + pos] = keys[i];
      labels[row + pos] = finalValues[i];
      updated[row + pos] = isUpdated[i] ? 1 : 0;
    }
    if (p.randomNonQueries) {
      for (let t = ctx; t < T; t++) if (labels[row + t] === IGNORE_INDEX) inputs[row + t] = rng.int(V);
    }
  }
  return { generator: nu > 0 ? "mqar-forgetting" : "mqar", version: MQAR_VERSION, params: p, inputs, labels, updated, n: N, seqLen: T };
}

/**
 * Checks the task's invariants: kv labelled positions per example, each at a key token whose
 * latest value in the context is the label, keys/values in their halves of the vocabulary.
 */
export function checkMqar(s: MqarSamples): void {
  const { vocabSize: V, numKvPairs: kv, numUpdates: nu } = s.params;
  const T = s.seqLen;
  const ctx = 2 * (kv + nu);
  const half = Math.floor(V / 2);
  const fix = fixGenerator(s.generator);
  for (let e = 0; e < s.n; e++) {
    const row = e * T;
    const latest = new Map<number, number>();
    for (let i = 0; i < kv + nu; i++) {
      const k = s.inputs[row + 2 * i];
      const v = s.inputs[row + 2 * i + 1];
      if (k < 1 || k >= half || v < half || v >= V) throw new DatasetError("invariant", `example ${e}: pair ${i} (${k}, ${v}) outside key [1,${half}) / value [${half},${V}) ranges`, fix);
      latest.set(k, v);
    }
    let count = 0;
    for (let t = 0; t < T; t++) {
      const y = s.labels[row + t];
      if (y === IGNORE_INDEX) continue;
      count++;
      const want = latest.get(s.inputs[row + t]);
      if (t < ctx || want !== y) throw new DatasetError("invariant", `example ${e}, position ${t}: label ${y} does not match the latest value ${want} of key ${s.inputs[row + t]}`, fix);
    }
    if (count !== kv) throw new DatasetError("invariant", `example ${e}: ${count} labelled queries, expected ${kv}`, fix);
  }
}

/** Deterministic bytes: a JSON header line (generator, version, params) then int32 LE inputs, labels, then uint8 updated. */
export function mqarToBytes(s: MqarSamples): Buffer {
  const header = Buffer.from(JSON.stringify({ generator: s.generator, version: s.version, params: s.params, shape: [s.n, s.seqLen] }) + "\n", "utf8");
  const le = (a: Int32Array) => {
    const b = Buffer.alloc(a.length * 4);
    for (let i = 0; i < a.length; i++) b.writeInt32LE(a[i], 4 * i);
    return b;
  };
  return Buffer.concat([header, le(s.inputs), le(s.labels), Buffer.from(s.updated)]);
}

/** Inverse of mqarToBytes: reads the header (generator, version, params) and the arrays back; checks sizes. */
export function mqarFromBytes(buf: Buffer, file = "(buffer)"): MqarSamples {
  const nl = buf.indexOf(10);
  const fix = "regenerate the file with mqarToBytes (same parameters and seed give the same bytes)";
  if (nl < 0) throw new DatasetError("mqar-header", "no JSON header line", fix, { file, offset: 0 });
  let h: { generator: MqarSamples["generator"]; version: number; params: MqarParams; shape: [number, number] };
  try {
    h = JSON.parse(buf.subarray(0, nl).toString("utf8"));
  } catch (e) {
    throw new DatasetError("mqar-header", `header is not JSON: ${(e as Error).message.split("\n")[0]}`, fix, { file, line: 1 });
  }
  if (h.version !== MQAR_VERSION) throw new DatasetError("mqar-version", `generator version ${h.version}, this paperlab writes version ${MQAR_VERSION}`, fix, { file, line: 1 });
  const [n, T] = h.shape;
  const need = nl + 1 + n * T * 9;
  if (buf.length !== need) throw new DatasetError("mqar-length", `expected ${need} bytes for shape [${n}, ${T}], got ${buf.length}`, fix, { file, offset: Math.min(buf.length, need) });
  const rd = (off: number) => {
    const a = new Int32Array(n * T);
    for (let i = 0; i < a.length; i++) a[i] = buf.readInt32LE(off + 4 * i);
    return a;
  };
  const o = nl + 1;
  return { generator: h.generator, version: h.version, params: h.params, inputs: rd(o), labels: rd(o + 4 * n * T), updated: new Uint8Array(buf.subarray(o + 8 * n * T, need)), n, seqLen: T };
}

/** Pinned SHA-256 of mqarToBytes for the entries' default parameters (cross-machine determinism). */
export const MQAR_PINNED = { mqar: "b4290ca80edb5c530ef7127a54a559cb2f2fb6a188cb32b85c75d6985d4b6b30", "mqar-forgetting": "266bebeca72cce3ea277d7c89ac70908f70aa1c45596dc0d4e2e36a4f5bd970f" };

function entry(id: "mqar" | "mqar-forgetting", defaults: MqarParams, description: string) {
  return register<MqarSamples, Partial<MqarParams>>({
    id,
    description,
    licence: "generated (no data licence); task definition from HazyResearch/zoology (Apache-2.0)",
    source: `generator datasets/entries/mqar.ts v${MQAR_VERSION}; zoology/data/${id === "mqar" ? "multiquery_ar.py" : "forgetting_mqar.py"}`,
    kind: "generator",
    optional: false,
    invariants: {
      samples: { default: defaults.numExamples },
      shapes: { inputs: [defaults.seqLen], labels: [defaults.seqLen] },
      notes: [`defaults ${JSON.stringify(defaults)}`, `sha256 of the default bytes ${MQAR_PINNED[id]}`, `labels: value at query tokens, ${IGNORE_INDEX} elsewhere`],
    },
    status() {
      return { available: true, where: "generated in memory" };
    },
    async load(overrides?: Partial<MqarParams>) {
      const s = generateMqar(overrides, defaults);
      checkMqar(s);
      return s;
    },
    async verify() {
      const a = generateMqar({}, defaults);
      checkMqar(a);
      const h = sha256(mqarToBytes(a));
      const h2 = sha256(mqarToBytes(generateMqar({}, defaults)));
      if (h !== h2) throw new DatasetError("determinism", `${id}: two runs with the same seed gave different bytes (${h} vs ${h2})`, "report a bug: the generator must be deterministic");
      if (h !== MQAR_PINNED[id]) throw new DatasetError("determinism", `${id}: bytes for the default parameters hash to ${h}, pinned ${MQAR_PINNED[id]}`, `if the generator changed on purpose, bump MQAR_VERSION and update MQAR_PINNED in datasets/entries/mqar.ts`);
      return { id, checks: [`${a.n} examples x T=${a.seqLen}, structure ok, sha256 ${h.slice(0, 16)}... stable and pinned`] };
    },
  });
}

/** Registry entry `mqar`. */
export const mqar = entry("mqar", MQAR_DEFAULTS, "MQAR (Zoology): key-value pairs then queries; seeded generator (default T=32, kv=4, V=64, N=512)");
/** Registry entry `mqar-forgetting`. */
export const mqarForgetting = entry("mqar-forgetting", FORGETTING_DEFAULTS, "Forgetting MQAR: some keys get a second value, queries want the latest (default T=48, kv=4, 2 updates)");
