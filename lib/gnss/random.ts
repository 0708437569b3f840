/**
 * Deterministic pseudo-random numbers for the GNSS simulators.
 *
 * lib/core exported no seeded generator when this module was written, so lib/gnss carries its own small one:
 * mulberry32 (32-bit state, period 2³²) for uniforms and the Marsaglia polar method for normals. Streams are split
 * with `fork(label)` so that adding draws in one part of a simulator does not shift the numbers of another part.
 */

/** A seeded random stream: uniform, normal, integer and choice draws, plus labelled sub-streams. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Normal N(mean, sd²). */
  normal(mean?: number, sd?: number): number;
  /** Integer uniform in [lo, hi] (both ends included). */
  int(lo: number, hi: number): number;
  /** A new independent stream derived from this stream's seed and `label`. */
  fork(label: string): Rng;
  /** The seed this stream was built from. */
  readonly seed: number;
}

/** FNV-1a hash of a string to a 32-bit unsigned integer (used to derive sub-stream seeds from labels). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Builds a mulberry32 stream from an integer seed (any finite number; it is reduced to 32 bits). */
export function makeRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`makeRng: seed must be a finite number, got ${seed}`);
  let a = seed >>> 0;
  let spare: number | null = null;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed: seed >>> 0,
    uniform,
    range: (lo, hi) => lo + (hi - lo) * uniform(),
    normal(mean = 0, sd = 1) {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return mean + sd * z;
      }
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      spare = v * f;
      return mean + sd * u * f;
    },
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo + 1)),
    fork: (label) => makeRng((hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0),
  };
  return rng;
}
