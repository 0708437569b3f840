/**
 * Complex fields as real/imaginary pairs, with DFTs as matmuls, for optics papers (propagation, Fourier optics).
 *
 * tfjs-backend-wasm 4.22 has no complex dtype kernels and no FFT; a field here is `{ re, im }` of float32 tensors
 * of the same shape, and every operation is built from real ops every backend has (matmul, mul, add), so
 * gradients flow through tfjs's own real-valued gradients.
 *
 * DFT along the last axis, length N: X_k = Σ_n x_n e^{−2πi nk/N}. With C_{nk} = cos(2πnk/N), S_{nk} = sin(2πnk/N):
 *   Re X = Re x · C + Im x · S,   Im X = Im x · C − Re x · S.
 * The inverse uses e^{+2πi nk/N} and a 1/N factor. O(N²) per row: right for the field sizes of paper cards
 * (N ≤ 512); the matrices are cached per N.
 */
import * as tf from "@tensorflow/tfjs";

/** A complex tensor as a pair of real tensors of equal shape. */
export interface ComplexField<R extends tf.Rank = tf.Rank> {
  re: tf.Tensor<R>;
  im: tf.Tensor<R>;
}

const dftCache = new Map<number, { c: tf.Tensor2D; s: tf.Tensor2D }>();

/** cos and sin DFT matrices [N, N], kept (not disposed) for reuse. Angles reduced mod N for float32 accuracy. */
export function dftMatrices(n: number): { c: tf.Tensor2D; s: tf.Tensor2D } {
  const hit = dftCache.get(n);
  if (hit && !hit.c.isDisposed) return hit;
  const c = new Float32Array(n * n);
  const s = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const a = (2 * Math.PI * ((j * k) % n)) / n;
      c[j * n + k] = Math.cos(a);
      s[j * n + k] = Math.sin(a);
    }
  }
  const m = tf.tidy(() => ({ c: tf.keep(tf.tensor2d(c, [n, n])), s: tf.keep(tf.tensor2d(s, [n, n])) }));
  dftCache.set(n, m);
  return m;
}

/** Frees the cached DFT matrices. */
export function clearDftCache(): void {
  for (const m of dftCache.values()) tf.dispose([m.c, m.s]);
  dftCache.clear();
}

function checkPair(z: ComplexField, op: string): void {
  if (!tf.util.arraysEqual(z.re.shape, z.im.shape)) {
    throw new Error(`${op}: re and im must have the same shape, got [${z.re.shape}] and [${z.im.shape}]`);
  }
  if (z.re.rank < 1) throw new Error(`${op}: needs rank ≥ 1 (the transform runs along the last axis), got a scalar`);
}

/** Matmul over the last axis: [..., N] × [N, N] → [..., N]. */
function lastAxisMatMul(x: tf.Tensor, m: tf.Tensor2D): tf.Tensor {
  const n = x.shape[x.rank - 1];
  return tf.matMul(x.reshape([-1, n]), m).reshape(x.shape);
}

function dft(z: ComplexField, inverse: boolean, op: string): ComplexField {
  checkPair(z, op);
  return tf.tidy(() => {
    const n = z.re.shape[z.re.rank - 1];
    const { c, s } = dftMatrices(n);
    const rc = lastAxisMatMul(z.re, c); const rs = lastAxisMatMul(z.re, s);
    const ic = lastAxisMatMul(z.im, c); const is = lastAxisMatMul(z.im, s);
    // forward: re = rc + is, im = ic − rs; inverse (conjugate kernel): re = rc − is, im = ic + rs, then /N
    let re = inverse ? tf.sub(rc, is) : tf.add(rc, is);
    let im = inverse ? tf.add(ic, rs) : tf.sub(ic, rs);
    if (inverse) { re = tf.div(re, n); im = tf.div(im, n); }
    return { re, im };
  });
}

/** DFT along the last axis (like `tf.spectral.fft`, unnormalised). */
export function fft(z: ComplexField): ComplexField {
  return dft(z, false, "fft");
}

/** Inverse DFT along the last axis (1/N normalisation, like `tf.spectral.ifft`). */
export function ifft(z: ComplexField): ComplexField {
  return dft(z, true, "ifft");
}

function swapLast2<T extends tf.Tensor>(x: T): T {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1; perm[r - 1] = r - 2;
  return tf.transpose(x, perm) as T;
}

function dft2(z: ComplexField, inverse: boolean, op: string): ComplexField {
  checkPair(z, op);
  if (z.re.rank < 2) throw new Error(`${op}: needs rank ≥ 2 [..., H, W], got rank ${z.re.rank}`);
  return tf.tidy(() => {
    const a = dft(z, inverse, op); // along W
    const b = dft({ re: swapLast2(a.re), im: swapLast2(a.im) }, inverse, op); // along H
    return { re: swapLast2(b.re), im: swapLast2(b.im) };
  });
}

/** 2-D DFT over the last two axes [..., H, W]. */
export function fft2(z: ComplexField): ComplexField {
  return dft2(z, false, "fft2");
}

/** Inverse 2-D DFT over the last two axes (1/(H·W)). */
export function ifft2(z: ComplexField): ComplexField {
  return dft2(z, true, "ifft2");
}

/**
 * Complex matrix product over the last axis: Z [..., K] × M [K, J] → [..., J] (4 real matmuls):
 *   Re = Re Z·Re M − Im Z·Im M,   Im = Re Z·Im M + Im Z·Re M.
 * For a separable operator applied as `A·U·Aᵀ` (Fresnel propagation) call it twice with a `complexTranspose`.
 */
export function complexMatMul(z: ComplexField, m: ComplexField<tf.Rank.R2>): ComplexField {
  checkPair(z, "complexMatMul");
  const k = z.re.shape[z.re.rank - 1];
  if (m.re.rank !== 2 || !tf.util.arraysEqual(m.re.shape, m.im.shape) || m.re.shape[0] !== k) {
    throw new Error(`complexMatMul: M must be [${k}, J] (its rows match Z's last axis ${k}), re and im alike; got [${m.re.shape}] and [${m.im.shape}]`);
  }
  return tf.tidy(() => {
    const j = m.re.shape[1];
    const outShape = [...z.re.shape.slice(0, -1), j];
    const zr = z.re.reshape([-1, k]), zi = z.im.reshape([-1, k]);
    return {
      re: tf.sub(tf.matMul(zr, m.re), tf.matMul(zi, m.im)).reshape(outShape),
      im: tf.add(tf.matMul(zr, m.im), tf.matMul(zi, m.re)).reshape(outShape),
    };
  });
}

/** Swaps the last two axes of both parts ([..., H, W] → [..., W, H]); no conjugation. */
export function complexTranspose(z: ComplexField): ComplexField {
  checkPair(z, "complexTranspose");
  if (z.re.rank < 2) throw new Error(`complexTranspose: needs rank ≥ 2 [..., H, W], got rank ${z.re.rank}`);
  return tf.tidy(() => ({ re: swapLast2(z.re), im: swapLast2(z.im) }));
}

/** (a + ib)(c + id) = (ac − bd) + i(ad + bc), elementwise with broadcasting. */
export function complexMul(x: ComplexField, y: ComplexField): ComplexField {
  return tf.tidy(() => ({
    re: tf.sub(tf.mul(x.re, y.re), tf.mul(x.im, y.im)),
    im: tf.add(tf.mul(x.re, y.im), tf.mul(x.im, y.re)),
  }));
}

/** |z|² = re² + im² (intensity of a field). */
export function abs2(z: ComplexField): tf.Tensor {
  return tf.tidy(() => tf.add(tf.square(z.re), tf.square(z.im)));
}

/** e^{iφ} as a field (a phase mask). */
export function expi(phi: tf.Tensor): ComplexField {
  return tf.tidy(() => ({ re: tf.cos(phi), im: tf.sin(phi) }));
}
