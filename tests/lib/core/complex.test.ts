/**
 * Complex fields: DFT-as-matmul against tfjs's own FFT on the cpu backend (rel. error < 1e-5), round trips,
 * and gradients through fft2 against finite differences; also on wasm, where tfjs has no FFT.
 */
import { before, test } from "node:test";
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randoms, relError, runOn } from "./compare-backends";
import { abs2, complexMatMul, complexMul, complexTranspose, expi, fft, fft2, ifft, ifft2 } from "../../../lib/core/complex";

before(async () => { await tf.setBackend("cpu"); });
const t = (shape: number[], seed: number) => tf.tensor(randoms(shape.reduce((a, b) => a * b, 1), seed), shape);

test("fft/ifft/fft2 match tf.spectral on cpu to 1e-5 (N = 8, 12, 16; 2-D 6×8)", async () => {
  for (const n of [8, 12, 16]) {
    const [ours, ref] = [
      await runOn("cpu", () => { const z = fft({ re: t([3, n], n), im: t([3, n], n + 1) }); return [z.re, z.im]; }),
      await runOn("cpu", () => { const z = tf.spectral.fft(tf.complex(t([3, n], n), t([3, n], n + 1))); return [tf.real(z), tf.imag(z)]; }),
    ];
    assert.ok(relError(ours[0], ref[0]) < 1e-5 && relError(ours[1], ref[1]) < 1e-5, `fft N=${n}`);
    const [iOurs, iRef] = [
      await runOn("cpu", () => { const z = ifft({ re: t([2, n], 3), im: t([2, n], 4) }); return [z.re, z.im]; }),
      await runOn("cpu", () => { const z = tf.spectral.ifft(tf.complex(t([2, n], 3), t([2, n], 4))); return [tf.real(z), tf.imag(z)]; }),
    ];
    assert.ok(relError(iOurs[0], iRef[0]) < 1e-5 && relError(iOurs[1], iRef[1]) < 1e-5, `ifft N=${n}`);
  }
  const ours2 = await runOn("cpu", () => { const z = fft2({ re: t([2, 6, 8], 5), im: t([2, 6, 8], 6) }); return [z.re, z.im]; });
  const ref2 = await runOn("cpu", () => {
    const z = tf.complex(t([2, 6, 8], 5), t([2, 6, 8], 6));
    const a = tf.spectral.fft(z); // along W
    const b = tf.spectral.fft(tf.transpose(a, [0, 2, 1])); // along H
    const c = tf.transpose(b, [0, 2, 1]);
    return [tf.real(c), tf.imag(c)];
  });
  assert.ok(relError(ours2[0], ref2[0]) < 1e-5 && relError(ours2[1], ref2[1]) < 1e-5, "fft2");
});

test("ifft2(fft2(z)) = z on wasm (no FFT kernel there) and Parseval holds", async () => {
  const [re, im, e1, e2] = await runOn("wasm", () => {
    const z = { re: t([4, 8], 7), im: t([4, 8], 8) };
    const f = fft2(z);
    const back = ifft2(f);
    return [back.re.sub(z.re).abs().max(), back.im.sub(z.im).abs().max(), abs2(z).sum().mul(32), abs2(f).sum()];
  });
  assert.ok(re[0] < 1e-5 && im[0] < 1e-5, `round trip error ${re[0]}, ${im[0]}`);
  assert.ok(Math.abs(e1[0] - e2[0]) / e2[0] < 1e-5, "Parseval: N·Σ|z|² = Σ|Z|²");
});

test("gradient through a phase mask and fft2 (intensity loss) matches finite differences on wasm and cpu", async () => {
  const target = t([4, 4], 9).abs();
  const field = { re: t([4, 4], 10), im: t([4, 4], 11) };
  const loss = (phi: tf.Tensor) => abs2(fft2(complexMul(field, expi(phi)))).sub(target).square().mean() as tf.Scalar;
  for (const backend of ["cpu", "wasm"]) {
    const phi0 = Array.from(t([4, 4], 12).dataSync());
    const [g] = await runOn(backend, () => tf.grad(loss)(tf.tensor(phi0, [4, 4])));
    const eps = 1e-2;
    const num: number[] = [];
    await runOn(backend, () => {
      for (let i = 0; i < phi0.length; i++) {
        const p = phi0.slice(); p[i] += eps; const m = phi0.slice(); m[i] -= eps;
        num.push((loss(tf.tensor(p, [4, 4])).dataSync()[0] - loss(tf.tensor(m, [4, 4])).dataSync()[0]) / (2 * eps));
      }
      return tf.scalar(0);
    });
    assert.ok(relError(g, num) < 5e-3, `${backend} phase gradient: ${relError(g, num)}`);
  }
});

test("complexMatMul matches the complex product summed in float64 (< 1e-5) on wasm and cpu; complexTranspose swaps the last two axes", async () => {
  const [B, K, J] = [3, 5, 4];
  const zr = randoms(B * K, 21), zi = randoms(B * K, 22), mr = randoms(K * J, 23), mi = randoms(K * J, 24);
  const wantRe: number[] = [], wantIm: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < J; j++) {
      let re = 0, im = 0;
      for (let k = 0; k < K; k++) {
        const [a, c, d, e] = [zr[b * K + k], zi[b * K + k], mr[k * J + j], mi[k * J + j]];
        re += a * d - c * e; im += a * e + c * d; // (a + ic)(d + ie)
      }
      wantRe.push(re); wantIm.push(im);
    }
  }
  for (const backend of ["wasm", "cpu"]) {
    const [re, im] = await runOn(backend, () => {
      const p = complexMatMul({ re: tf.tensor(zr, [B, K]), im: tf.tensor(zi, [B, K]) }, { re: tf.tensor2d(mr, [K, J]), im: tf.tensor2d(mi, [K, J]) });
      return [p.re, p.im];
    });
    assert.ok(relError(re, wantRe) < 1e-5 && relError(im, wantIm) < 1e-5, `${backend}: ${relError(re, wantRe)}, ${relError(im, wantIm)}`);
  }
  const [tr] = await runOn("cpu", () => complexTranspose({ re: tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 2, 3]), im: tf.zeros([1, 2, 3]) }).re);
  assert.deepEqual(tr, [1, 4, 2, 5, 3, 6]);
  assert.throws(() => complexMatMul({ re: tf.zeros([2, 3]), im: tf.zeros([2, 3]) }, { re: tf.zeros([4, 2]) as tf.Tensor2D, im: tf.zeros([4, 2]) as tf.Tensor2D }), /M must be \[3, J\]/);
  assert.throws(() => complexTranspose({ re: tf.zeros([3]), im: tf.zeros([3]) }), /rank ≥ 2/);
});

test("shape errors say what to do", () => {
  assert.throws(() => fft({ re: tf.zeros([2, 3]), im: tf.zeros([3, 2]) }), /same shape/);
  assert.throws(() => fft2({ re: tf.zeros([4]), im: tf.zeros([4]) }), /rank ≥ 2/);
});
