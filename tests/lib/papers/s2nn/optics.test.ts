/**
 * Optics of the S2NN-style network: the Fresnel matrix (z = 0 → I, symmetric), a Gaussian beam's width after z against
 * w₀·√(1 + (z/z_R)²), energy kept for a field inside the window, the Fresnel kernel's phase error against the exact
 * angular spectrum (card: ~0.02 rad at the band edge), the two propagators on the same field, and the z limit.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/core/backend";
import { exactPropagator, fresnelMatrix, fresnelPhaseError, fresnelPropagator, samplingLimit, type Complex64, type OpticsConfig } from "../../../../lib/papers/s2nn/optics";
import { s2nnMessages } from "../../../../lib/papers/s2nn/messages";

before(async () => {
  await initBackend({ backend: "wasm" });
});

const CARD: OpticsConfig = { N: 64, dx: 8e-6, wavelength: 532e-9, z: 10e-3 }; // card §2.6
const OURS: OpticsConfig = { N: 32, dx: 8e-6, wavelength: 532e-9, z: 7.5e-3 }; // default scale

/** C = A·U·Aᵀ in float64 (U complex N×N). */
function applyA(A: Complex64, ur: Float64Array, ui: Float64Array): { re: Float64Array; im: Float64Array } {
  const N = A.rows;
  const mul = (ar: Float64Array, ai: Float64Array, br: Float64Array, bi: Float64Array, bT: boolean) => {
    const re = new Float64Array(N * N), im = new Float64Array(N * N);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
      let r = 0, m = 0;
      for (let k = 0; k < N; k++) {
        const b = bT ? j * N + k : k * N + j;
        r += ar[i * N + k] * br[b] - ai[i * N + k] * bi[b];
        m += ar[i * N + k] * bi[b] + ai[i * N + k] * br[b];
      }
      re[i * N + j] = r; im[i * N + j] = m;
    }
    return { re, im };
  };
  const t = mul(A.re, A.im, ur, ui, false); // A·U
  return mul(t.re, t.im, A.re, A.im, true); // (A·U)·Aᵀ
}

function gaussian(N: number, dx: number, w0: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(N * N), c = (N - 1) / 2;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) re[i * N + j] = Math.exp(-(((i - c) * dx) ** 2 + ((j - c) * dx) ** 2) / (w0 * w0));
  return { re, im: new Float64Array(N * N) };
}

/** 1/e² intensity radius from the second moment along x: w = 2·√⟨x²⟩ for I ∝ exp(−2r²/w²). */
function beamWidth(re: ArrayLike<number>, im: ArrayLike<number>, N: number, dx: number): number {
  const c = (N - 1) / 2;
  let s = 0, s2 = 0;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
    const I = re[i * N + j] ** 2 + im[i * N + j] ** 2;
    s += I; s2 += I * ((j - c) * dx) ** 2;
  }
  return 2 * Math.sqrt(s2 / s);
}

const energy = (re: ArrayLike<number>, im: ArrayLike<number>) => { let e = 0; for (let i = 0; i < re.length; i++) e += re[i] ** 2 + im[i] ** 2; return e; };

test("Fresnel matrix: z = 0 gives A = I, and A = Aᵀ", () => {
  const I = fresnelMatrix({ ...OURS, z: 0 });
  for (let m = 0; m < 32; m++) for (let n = 0; n < 32; n++) {
    assert.ok(Math.abs(I.re[m * 32 + n] - (m === n ? 1 : 0)) < 1e-12 && Math.abs(I.im[m * 32 + n]) < 1e-12, `A[${m},${n}]`);
  }
  const A = fresnelMatrix(CARD);
  let asym = 0, mag = 0;
  for (let m = 0; m < 64; m++) for (let n = 0; n < 64; n++) {
    asym = Math.max(asym, Math.abs(A.re[m * 64 + n] - A.re[n * 64 + m]), Math.abs(A.im[m * 64 + n] - A.im[n * 64 + m]));
    mag = Math.max(mag, Math.abs(A.re[m * 64 + n]));
  }
  assert.ok(asym < 1e-12 && mag > 0.01, `asymmetry ${asym}`);
});

test("a Gaussian beam's width after z matches w₀·√(1 + (z/z_R)²) within 2 % (N = 64, w₀ = 40 µm, z = 10 mm), energy kept to 1e-3", () => {
  const w0 = 40e-6, zR = (Math.PI * w0 * w0) / CARD.wavelength;
  const g = gaussian(64, CARD.dx, w0);
  for (const z of [5e-3, 10e-3]) {
    const out = applyA(fresnelMatrix({ ...CARD, z }), g.re, g.im);
    const want = w0 * Math.sqrt(1 + (z / zR) ** 2);
    const got = beamWidth(out.re, out.im, 64, CARD.dx);
    assert.ok(Math.abs(got / want - 1) < 0.02, `z = ${z}: width ${got} vs ${want}`);
    assert.ok(Math.abs(energy(out.re, out.im) / energy(g.re, g.im) - 1) < 1e-3, "energy kept inside the window");
  }
  assert.ok(Math.abs(beamWidth(g.re, g.im, 64, CARD.dx) / w0 - 1) < 0.01, "width estimator at z = 0");
});

test("Fresnel kernel phase error against the exact one: ≈ 0.018 rad at the band edge for the card's N = 64, z = 10 mm (card: ~0.02)", () => {
  const e = fresnelPhaseError(CARD);
  // leading order πzλ³f⁴/4 at f = 1/(2dx)
  const lead = (Math.PI * CARD.z * CARD.wavelength ** 3 * (1 / (2 * CARD.dx)) ** 4) / 4;
  assert.ok(Math.abs(e.edge / lead - 1) < 0.01, `edge ${e.edge} vs leading order ${lead}`);
  assert.ok(e.edge > 0.01 && e.edge <= 0.02, `edge ${e.edge}`);
  assert.ok(Math.abs(e.corner / (4 * e.edge) - 1) < 0.02, "f⁴: the corner (f² doubled) is 4× the edge");
  assert.ok(fresnelPhaseError(OURS).edge < 0.015, "our default is closer to paraxial");
});

test("propagators on wasm: Fresnel (two hops, orientation restored) matches A·A·U·Aᵀ·Aᵀ in float64; exact ASM agrees with Fresnel", () => {
  const N = OURS.N;
  const ur = new Float64Array(N * N), ui = new Float64Array(N * N);
  for (let i = 6; i < 26; i++) for (let j = 10; j < 22; j++) if ((i * 7 + j * 3) % 5 !== 0) ur[i * N + j] = 1; // a blocky binary frame
  const A = fresnelMatrix(OURS);
  const one = applyA(A, ur, ui), two = applyA(A, one.re, one.im);
  const fr = fresnelPropagator(OURS), ex = exactPropagator(OURS);
  const u0 = { re: tf.tensor3d(Float32Array.from(ur), [1, N, N]), im: tf.zeros([1, N, N]) as tf.Tensor3D };
  const h1 = fr.propagate({ u: u0, transposed: false });
  assert.equal(h1.transposed, true, "one Fresnel hop leaves the field transposed");
  const h2 = fr.propagate(h1);
  assert.equal(h2.transposed, false);
  const maxAbs = Math.max(...Array.from(two.re, Math.abs), ...Array.from(two.im, Math.abs));
  const dr = h2.u.re.dataSync(), di = h2.u.im.dataSync();
  let err = 0;
  for (let i = 0; i < N * N; i++) err = Math.max(err, Math.abs(dr[i] - two.re[i]), Math.abs(di[i] - two.im[i]));
  assert.ok(err / maxAbs < 1e-4, `float32 vs float64: ${err / maxAbs}`);
  // exact angular spectrum, one hop, against Fresnel's one hop (transposed back)
  const e1 = ex.propagate({ u: u0, transposed: false });
  assert.equal(e1.transposed, false);
  const fre = tf.transpose(h1.u.re, [0, 2, 1]).dataSync(), fim = tf.transpose(h1.u.im, [0, 2, 1]).dataSync();
  const xre = e1.u.re.dataSync(), xim = e1.u.im.dataSync();
  let num = 0, den = 0;
  for (let i = 0; i < N * N; i++) { num += (fre[i] - xre[i]) ** 2 + (fim[i] - xim[i]) ** 2; den += xre[i] ** 2 + xim[i] ** 2; }
  const rel = Math.sqrt(num / den);
  assert.ok(rel < 2e-3, `relative L2 difference Fresnel vs exact: ${rel} (kernel phase error ≤ ${fresnelPhaseError(OURS).corner.toFixed(3)} rad)`);
  assert.ok(Math.abs(energy(xre, xim) / energy(ur, ui) - energy(fre, fim) / energy(ur, ui)) < 0.01, "same energy in the window");
  fr.dispose(); ex.dispose();
  tf.dispose([u0.re, u0.im, h1.u.re, h1.u.im, h2.u.re, h2.u.im, e1.u.re, e1.u.im]);
});

test("z past N_p·dx²/λ is an error naming both; bad N, dx or z too", () => {
  const limit = samplingLimit(CARD);
  assert.ok(Math.abs(limit - 15.398e-3) < 1e-5, `limit ${limit}`);
  assert.throws(() => fresnelMatrix({ ...CARD, z: 20e-3 }), { message: s2nnMessages.zPastLimit(20e-3, limit, 128, 8e-6, 532e-9) });
  assert.throws(() => fresnelMatrix({ ...CARD, z: 20e-3 }), /z = 20\.0 mm is past the angular-spectrum sampling limit N_p·dx²\/λ = 15\.4 mm/);
  assert.throws(() => fresnelMatrix({ ...CARD, N: 31.5 }), /N must be an integer ≥ 1/);
  assert.throws(() => fresnelMatrix({ ...CARD, dx: 0 }), /dx must be a positive number/);
  assert.throws(() => fresnelMatrix({ ...CARD, z: -1 }), /z must be a number ≥ 0/);
});
