/**
 * One seed for a whole run: `seed(n)` resets the global random stream that weight initializers,
 * data generators, shuffles and tfjs random ops (through `nextSeed()`) draw from. The same seed on
 * the same backend gives bit-identical training.
 *
 * The generator is xoshiro128** (Blackman & Vigna) seeded through splitmix32: small, fast, with
 * a 2^128 − 1 period, and fully specified here so a data set generated with it is reproducible
 * from its seed on any machine (32-bit integer ops only). It is paperlab's one seeded generator:
 * lib/core, lib/gnss's simulators, the paper generators and datasets/ (MQAR, the shipped extracts)
 * all draw from `Rng`, so one seed means one stream everywhere. Conventions: `float()` carries 53
 * random bits (two 32-bit draws); integer ranges are half-open `[lo, hi)` like `uniform(lo, hi)`.
 */
import { trainMessages } from "./messages";

const TWO_POW_32 = 4294967296;

/** FNV-1a 32-bit hash of a string (used to turn string seeds and fork labels into numbers). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: expands one 32-bit state into well-mixed words. */
function splitmix32(state: { a: number }): number {
  state.a = (state.a + 0x9e3779b9) | 0;
  let t = state.a ^ (state.a >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seed: an integer (up to 2^53) or a string. */
export type SeedLike = number | string;

function seedKey(s: SeedLike): number {
  if (typeof s === "string") return fnv1a(s);
  if (!Number.isFinite(s) || !Number.isInteger(s)) throw new RangeError(trainMessages.badSeed(s));
  const lo = Math.abs(s) % TWO_POW_32;
  const hi = Math.floor(Math.abs(s) / TWO_POW_32);
  // Mixing the high word keeps seeds that differ only above 2^32 apart; negative seeds flip a bit.
  return (lo ^ Math.imul(hi, 0x9e3779b1) ^ (s < 0 ? 0x80000000 : 0)) >>> 0;
}

/**
 * A seeded pseudo-random stream (xoshiro128**). Use it for data generators, shuffles and
 * initializers; `fork(label)` derives an independent named stream without consuming this one.
 */
export class Rng {
  private s = new Uint32Array(4);
  private spare: number | null = null;
  private seedKeyValue: number;

  constructor(seed: SeedLike = 0) {
    this.seedKeyValue = seedKey(seed);
    const st = { a: this.seedKeyValue };
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(st);
    // All-zero state is the one fixed point of xoshiro; splitmix32 never yields four zeros, but be safe.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /**
   * A stream that starts from an explicit xoshiro128** state (four uint32 words), for reproducing a
   * stream recorded elsewhere (e.g. the state a shipped extract was drawn from). Its fork key is the
   * FNV-1a hash of the four words. An all-zero state is rejected (xoshiro's fixed point).
   */
  static fromState(words: readonly number[]): Rng {
    if (words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_POW_32) || words.every((w) => w === 0)) {
      throw new RangeError(trainMessages.badRange("Rng.fromState", `[${words.join(", ")}]`, "four uint32 words, not all zero"));
    }
    const r = new Rng(0);
    r.s.set(words);
    r.seedKeyValue = fnv1a(words.join(","));
    return r;
  }

  /** The 32-bit key this stream was seeded from (for `fork`). */
  get key(): number {
    return this.seedKeyValue;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.float();
  }

  /** Normal sample N(mean, std²) (Box–Muller; the second value of each pair is cached). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    const u1 = 1 - this.float(); // (0, 1]: log stays finite
    const u2 = this.float();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return mean + std * r * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Uniform integer in [0, n), or in [lo, hi) with two arguments; unbiased (rejection sampling on
   * one 32-bit draw, so the range may hold at most 2^32 values).
   */
  int(n: number): number;
  int(lo: number, hi: number): number;
  int(a: number, b?: number): number {
    const lo = b === undefined ? 0 : a;
    const n = b === undefined ? a : b - a;
    if (!Number.isInteger(lo) || !Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      const got = b === undefined ? a : `[${a}, ${b})`;
      throw new RangeError(trainMessages.badRange("Rng.int", got, "an integer n in [1, 2^32] or integers lo < hi with hi - lo <= 2^32"));
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return lo + (x % n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /**
   * `k` distinct integers from [lo, hi), in draw order (a partial Fisher–Yates over the range: draw i
   * swaps position i with a uniform position in [i, n)). Memory O(hi − lo).
   */
  sampleDistinct(lo: number, hi: number, k: number): number[] {
    const n = hi - lo;
    if (!Number.isInteger(lo) || !Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(trainMessages.badRange("Rng.sampleDistinct", `k = ${k} from [${lo}, ${hi})`, "integers with 0 <= k <= hi - lo"));
    }
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = lo + i;
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
      out.push(pool[i]);
    }
    return out;
  }

  /**
   * `k` distinct indices in [0, weights.length), drawn one at a time with probability proportional to
   * the remaining weights (numpy's `choice(n, k, replace=False, p=w)` semantics). Weights must be
   * finite and >= 0, with at least `k` of them positive. `weightedDistinct(w, 1)[0]` is one weighted choice.
   */
  weightedDistinct(weights: ArrayLike<number>, k: number): number[] {
    const w = Float64Array.from(weights);
    let total = 0;
    let positive = 0;
    for (let i = 0; i < w.length; i++) {
      if (!Number.isFinite(w[i]) || w[i] < 0) {
        throw new RangeError(trainMessages.badRange("Rng.weightedDistinct", `weight ${w[i]} at index ${i}`, "finite weights >= 0"));
      }
      total += w[i];
      if (w[i] > 0) positive++;
    }
    if (!Number.isInteger(k) || k < 0 || k > positive) {
      throw new RangeError(trainMessages.badRange("Rng.weightedDistinct", `k = ${k} with ${positive} positive weights`, "an integer 0 <= k <= the number of positive weights"));
    }
    const out: number[] = [];
    for (let draw = 0; draw < k; draw++) {
      // Walk the cumulative weights to the first index whose running sum passes r ~ U[0, total);
      // rounding can leave r >= 0 after the walk, so the last positive index is the fallback.
      let r = this.float() * total;
      let pick = -1;
      for (let i = 0; i < w.length; i++) {
        if (w[i] === 0) continue;
        pick = i;
        r -= w[i];
        if (r < 0) break;
      }
      out.push(pick);
      total -= w[pick];
      w[pick] = 0;
    }
    return out;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `n` samples of `draw` (default: uniform [0,1)) as a Float32Array. */
  floats(n: number, draw: (r: Rng) => number = (r) => r.float()): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = draw(this);
    return out;
  }

  /** An integer seed for a tfjs random op (`tf.randomNormal(shape, 0, 1, "float32", rng.tfSeed())`). */
  tfSeed(): number {
    return this.nextUint32();
  }

  /**
   * A derived stream. With a label, it depends only on this stream's seed and the label (so
   * `rng.fork("data")` is the same whatever was drawn before); without one, it consumes one draw.
   */
  fork(label?: string | number): Rng {
    if (label === undefined) return new Rng(this.nextUint32());
    return new Rng((this.key ^ Math.imul(fnv1a(String(label)), 0x85ebca6b)) >>> 0);
  }
}

let globalSeed: SeedLike | undefined;
let globalRng = new Rng(0);
let seededAt = Date.now();

/**
 * Seeds the run: resets the global stream that `rng()`, the initializers in `init` and
 * `nextSeed()` draw from, and returns it. Call once at the top of an experiment.
 */
export function seed(n: SeedLike): Rng {
  globalRng = new Rng(n);
  globalSeed = n;
  seededAt = Date.now();
  return globalRng;
}

/** The global stream (seeded by the last `seed(n)`; seed 0 before any call). */
export function rng(): Rng {
  return globalRng;
}

/** The seed given to the last `seed(n)`, or undefined when none was set. */
export function currentSeed(): SeedLike | undefined {
  return globalSeed;
}

/** Milliseconds since the epoch when `seed()` was last called (module load otherwise). */
export function seededAtMs(): number {
  return seededAt;
}

/**
 * An integer seed for a tfjs random op, drawn from the global stream:
 * `tf.dropout(x, 0.1, undefined, nextSeed())`, `tf.randomNormal([4], 0, 1, "float32", nextSeed())`.
 * tfjs generates those numbers in JavaScript, so they are the same on every backend.
 */
export function nextSeed(): number {
  return globalRng.tfSeed();
}

/**
 * Mini-batches of indices 0..n-1, shuffled with `rng` when given (one permutation per call).
 * The last short batch is kept unless `dropLast`.
 */
export function batchIndices(
  n: number,
  batchSize: number,
  opts: { rng?: Rng; dropLast?: boolean } = {},
): number[][] {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(trainMessages.badRange("batchIndices", batchSize, "a positive integer batch size"));
  }
  const idx = opts.rng ? opts.rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) {
    const b = idx.slice(i, i + batchSize);
    if (b.length < batchSize && opts.dropLast) break;
    out.push(b);
  }
  return out;
}
