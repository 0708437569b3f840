/**
 * One seed for a whole run: `seed(n)` resets the global random stream that weight initializers,
 * data generators, shuffles and tfjs random ops (through `nextSeed()`) draw from. The same seed on
 * the same backend gives bit-identical training.
 *
 * The generator is xoshiro128** (Blackman & Vigna) seeded through splitmix32: small, fast, with
 * a 2^128 − 1 period, and fully specified here so a data set generated with it is reproducible
 * from its seed on any machine.
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
  /** The 32-bit key this stream was seeded from (for `fork`). */
  readonly key: number;

  constructor(seed: SeedLike = 0) {
    this.key = seedKey(seed);
    const st = { a: this.key };
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(st);
    // All-zero state is the one fixed point of xoshiro; splitmix32 never yields four zeros, but be safe.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
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

  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(trainMessages.badRange("Rng.int", n, "an integer in [1, 2^32]"));
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
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
