/**
 * A small deterministic PRNG for generators: xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32, so the same seed gives the same stream on every machine (only 32-bit integer ops).
 * lib/core does not export a PRNG yet; when it does, generators may switch, but must keep the
 * generator version in step (a different stream means different bytes).
 */

/** splitmix32 step: returns [output, next state]. Used to expand one seed into the 128-bit state. */
function splitmix32(state: number): [number, number] {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) >>> 0, state];
}

/** A seeded random stream. */
export class Rng {
  private s = new Uint32Array(4);

  /** `seed` is any integer (taken modulo 2^32). */
  constructor(seed: number) {
    let st = seed | 0;
    for (let i = 0; i < 4; i++) {
      const [out, next] = splitmix32(st);
      this.s[i] = out;
      st = next;
    }
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next uint32 (xoshiro128**). */
  nextU32(): number {
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

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling); 1 <= n <= 2^32. */
  int(n: number): number {
    if (!(n >= 1 && n <= 4294967296) || !Number.isInteger(n)) throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do x = this.nextU32();
    while (x >= limit);
    return x % n;
  }

  /** `k` distinct integers from [lo, hi), in random order (partial Fisher–Yates over the range). */
  sampleDistinct(lo: number, hi: number, k: number): number[] {
    const n = hi - lo;
    if (k > n) throw new RangeError(`Rng.sampleDistinct: cannot draw ${k} distinct values from [${lo}, ${hi})`);
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = lo + i;
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
      out.push(pool[i]);
    }
    return out;
  }

  /**
   * `k` distinct indices in [0, weights.length) drawn one at a time with probability proportional to
   * the remaining weights (numpy's `choice(replace=False, p=...)` semantics).
   */
  weightedDistinct(weights: ArrayLike<number>, k: number): number[] {
    const w = Float64Array.from(weights);
    if (k > w.length) throw new RangeError(`Rng.weightedDistinct: cannot draw ${k} of ${w.length}`);
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i];
    const out: number[] = [];
    for (let draw = 0; draw < k; draw++) {
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
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
