/**
 * Free-space optics of the S2NN-style diffractive network (arXiv 2409.05726; the card's §2.2 reconstruction, standard
 * DONN physics, not the authors' code): scalar fields U ∈ C^{N×N} on a grid of pitch dx, wavelength λ, hops of z.
 *
 * - Fresnel (paraxial), the training path: H_F = e^{ikz}·h(fx)·h(fy), h(f) = exp(−iπλz f²), so propagation is
 *   separable, U_z = A·U·Aᵀ with A = e^{ikz/2}·crop·IDFT₁·diag(h)·DFT₁·pad an N×N complex matrix. The padding to
 *   N_p = 2N is folded into A: A[m, n] = e^{ikz/2}·g((m − n) mod N_p), g = IDFT₁(h), i.e. an exact linear (not
 *   circular) convolution with the sampled Fresnel kernel. A is symmetric, so (A·U·A)ᵀ = A·Uᵀ·A: one hop is
 *   V = U·A, Vᵀ·A = (A·U·A)ᵀ, and the field is carried transposed every other hop (one transpose per hop).
 * - Exact angular spectrum, the check: pad to N_p, `lab.complex.fft2`, ⊙ H with H = exp(i·2πz·√(λ⁻² − fx² − fy²))
 *   inside fx² + fy² < λ⁻² and 0 outside (no evanescent waves), ifft2, crop. f = m/(N_p·dx), m = −N_p/2 … N_p/2 − 1.
 * Both are valid while H is sampled finely enough: z ≤ N_p·dx²/λ (checked).
 */
import * as tf from "@tensorflow/tfjs";
import { complexMatMul, complexMul, complexTranspose, fft2, ifft2, type ComplexField } from "../../core/complex";
import { s2nnMessages } from "./messages";

/** The optical bench of one diffractive network (card §2.6: project choices, not the paper's). */
export interface OpticsConfig {
  /** Grid N (pixels per side); fields are N×N and N_p = 2N. */
  N: number;
  /** Pixel pitch dx, m. */
  dx: number;
  /** Wavelength λ, m. */
  wavelength: number;
  /** Spacing z, m: input → layer 1 → … → layer L → detector, every hop z. */
  z: number;
}

/** N_p = 2N: the padded length that makes the DFT convolution linear. */
export const padOf = (o: OpticsConfig): number => 2 * o.N;

/** The angular-spectrum sampling limit N_p·dx²/λ, m. */
export function samplingLimit(o: OpticsConfig): number {
  return (padOf(o) * o.dx * o.dx) / o.wavelength;
}

/** Checks the bench: positive finite numbers, an integer N, and z within the sampling limit (the error names both). */
export function checkOptics(o: OpticsConfig): void {
  if (!(Number.isInteger(o.N) && o.N >= 1)) throw new Error(s2nnMessages.badOptics("N", o.N, "an integer ≥ 1"));
  for (const k of ["dx", "wavelength"] as const) if (!(o[k] > 0 && Number.isFinite(o[k]))) throw new Error(s2nnMessages.badOptics(k, o[k], "a positive number (metres)"));
  if (!(o.z >= 0 && Number.isFinite(o.z))) throw new Error(s2nnMessages.badOptics("z", o.z, "a number ≥ 0 (metres)"));
  const limit = samplingLimit(o);
  if (o.z > limit * (1 + 1e-12)) throw new Error(s2nnMessages.zPastLimit(o.z, limit, padOf(o), o.dx, o.wavelength));
}

/** Spatial frequency of DFT index j of length n, pitch dx (FFT order: 0, 1, …, n/2 − 1, −n/2, …, −1 over n·dx). */
export function freqOf(j: number, n: number, dx: number): number {
  return (j < n / 2 ? j : j - n) / (n * dx);
}

/** kz mod 2π in float64 (kz itself is ~10⁵ rad; float32 would lose the phase). */
function kzMod(o: OpticsConfig): number {
  const cycles = o.z / o.wavelength;
  return 2 * Math.PI * (cycles - Math.floor(cycles));
}

/** A complex matrix in float64, row-major. */
export interface Complex64 {
  re: Float64Array;
  im: Float64Array;
  rows: number;
  cols: number;
}

/**
 * The Fresnel propagation matrix A [N, N] (float64): U_z = A·U·Aᵀ. g(d) = (1/N_p)·Σ_j h(f_j)·e^{2πi·jd/N_p} is the
 * sampled 1-D kernel; A[m, n] = e^{ikz/2}·g((m − n) mod N_p). z = 0 gives A = I.
 */
export function fresnelMatrix(o: OpticsConfig): Complex64 {
  checkOptics(o);
  const { N } = o, np = padOf(o);
  const gRe = new Float64Array(np), gIm = new Float64Array(np);
  for (let d = 0; d < np; d++) {
    let re = 0, im = 0;
    for (let j = 0; j < np; j++) {
      const f = freqOf(j, np, o.dx);
      // h(f)·e^{2πi jd/N_p} = exp(i(−πλz f² + 2π jd/N_p)); jd reduced mod N_p for accuracy
      const a = -Math.PI * o.wavelength * o.z * f * f + (2 * Math.PI * ((j * d) % np)) / np;
      re += Math.cos(a); im += Math.sin(a);
    }
    gRe[d] = re / np; gIm[d] = im / np;
  }
  const half = kzMod(o) / 2, cr = Math.cos(half), ci = Math.sin(half);
  const A: Complex64 = { re: new Float64Array(N * N), im: new Float64Array(N * N), rows: N, cols: N };
  for (let m = 0; m < N; m++) {
    for (let n = 0; n < N; n++) {
      const d = (((m - n) % np) + np) % np;
      A.re[m * N + n] = gRe[d] * cr - gIm[d] * ci; // e^{ikz/2}·g(d)
      A.im[m * N + n] = gRe[d] * ci + gIm[d] * cr;
    }
  }
  return A;
}

/** The exact angular-spectrum transfer function H [N_p, N_p] (float64, FFT order), evanescent part set to 0. */
export function exactTransfer(o: OpticsConfig): Complex64 {
  checkOptics(o);
  const np = padOf(o);
  const H: Complex64 = { re: new Float64Array(np * np), im: new Float64Array(np * np), rows: np, cols: np };
  const kz = kzMod(o);
  for (let a = 0; a < np; a++) {
    for (let b = 0; b < np; b++) {
      const f2 = freqOf(a, np, o.dx) ** 2 + freqOf(b, np, o.dx) ** 2;
      const s = 1 - o.wavelength * o.wavelength * f2;
      if (s <= 0) continue; // evanescent: dropped
      // 2πz·√(λ⁻² − f²) = kz·√(1 − λ²f²) = kz − kz·(1 − √s); the large kz is taken mod 2π first
      const phase = kz - (2 * Math.PI * o.z / o.wavelength) * (1 - Math.sqrt(s));
      H.re[a * np + b] = Math.cos(phase);
      H.im[a * np + b] = Math.sin(phase);
    }
  }
  return H;
}

/**
 * Largest phase difference (rad) between the exact kernel 2πz·√(λ⁻² − f²) and its Fresnel approximation
 * kz − πλz·f² on the grid's frequencies: along an axis (`edge`, f ≤ 1/(2dx)) and at the corner (f² = 2·(1/(2dx))²).
 * To leading order it is πzλ³f⁴/4 (card: ≈ 0.02 rad at the band edge for N = 64, z = 10 mm).
 */
export function fresnelPhaseError(o: OpticsConfig): { edge: number; corner: number } {
  const fmax = 1 / (2 * o.dx);
  const err = (f2: number) => {
    const k = (2 * Math.PI) / o.wavelength;
    const x = o.wavelength * o.wavelength * f2;
    // kz(1 − √(1 − x)) − kz·x/2, written to avoid cancellation: 1 − √(1−x) = x / (1 + √(1−x))
    return Math.abs(k * o.z * (x / (1 + Math.sqrt(1 - x)) - x / 2));
  };
  return { edge: err(fmax * fmax), corner: err(2 * fmax * fmax) };
}

/**
 * `tf.tidy` for results typed as interfaces (fields, detections): tfjs types its callback as returning a
 * `TensorContainer`, which an interface without an index signature is not, though tidy keeps any nested tensors.
 */
export function tidyOf<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

function toField(m: Complex64): ComplexField<tf.Rank.R2> {
  return { re: tf.tensor2d(Float32Array.from(m.re), [m.rows, m.cols]), im: tf.tensor2d(Float32Array.from(m.im), [m.rows, m.cols]) };
}

/** A field [B, N, N] and whether it is stored transposed (the Fresnel path flips the orientation every hop). */
export interface OrientedField {
  u: ComplexField<tf.Rank.R3>;
  transposed: boolean;
}

/** One hop over z. `dispose` frees the precomputed matrices. */
export interface Propagator {
  readonly kind: "fresnel" | "exact";
  readonly optics: OpticsConfig;
  propagate(f: OrientedField): OrientedField;
  dispose(): void;
}

function checkField(u: ComplexField, n: number): void {
  if (u.re.rank !== 3 || u.re.shape[1] !== n || u.re.shape[2] !== n) throw new Error(s2nnMessages.fieldShape(u.re.shape, n));
}

/** Fresnel hops as two complex matmuls and one transpose: V = U·A, (A·U·A)ᵀ = Vᵀ·A. [B, N, N] → [B, N, N], flipped. */
export function fresnelPropagator(o: OpticsConfig): Propagator {
  const A = tf.tidy(() => { const a = toField(fresnelMatrix(o)); return { re: tf.keep(a.re), im: tf.keep(a.im) }; });
  return {
    kind: "fresnel",
    optics: o,
    propagate({ u, transposed }) {
      checkField(u, o.N);
      const out = tidyOf(() => complexMatMul(complexTranspose(complexMatMul(u, A)), A) as ComplexField<tf.Rank.R3>);
      return { u: out, transposed: !transposed };
    },
    dispose: () => tf.dispose([A.re, A.im]),
  };
}

/** Exact angular-spectrum hops (pad, fft2, ⊙H, ifft2, crop): [B, N, N] → [B, N, N], orientation kept (H is symmetric). */
export function exactPropagator(o: OpticsConfig): Propagator {
  const H = tf.tidy(() => { const h = toField(exactTransfer(o)); return { re: tf.keep(h.re), im: tf.keep(h.im) }; });
  const np = padOf(o), N = o.N;
  return {
    kind: "exact",
    optics: o,
    propagate({ u, transposed }) {
      checkField(u, N);
      const out = tidyOf((): ComplexField<tf.Rank.R3> => {
        const pad = (t: tf.Tensor3D) => tf.pad(t, [[0, 0], [0, np - N], [0, np - N]]);
        const z = ifft2(complexMul(fft2({ re: pad(u.re), im: pad(u.im) }), H));
        const B = u.re.shape[0];
        return { re: tf.slice(z.re, [0, 0, 0], [B, N, N]) as tf.Tensor3D, im: tf.slice(z.im, [0, 0, 0], [B, N, N]) as tf.Tensor3D };
      });
      return { u: out, transposed };
    },
    dispose: () => tf.dispose([H.re, H.im]),
  };
}

/** A propagator of either kind. */
export function makePropagator(kind: "fresnel" | "exact", o: OpticsConfig): Propagator {
  return kind === "fresnel" ? fresnelPropagator(o) : exactPropagator(o);
}
