/**
 * RHEED renderer (lib/papers/rheed-qd/rheed.ts): streak pitch 0.16·S scaled by (a_GaAs/a_InAs)^ρ, quarter- vs
 * half-order streaks per reconstruction (and the swapped azimuth), spots when 3D, the camera's range and seeding.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../../../../lib/core/train/seed";
import { drawNuisance, fractionalOrders, RENDER, renderFrame, renderIntensity, streakPitch, type FrameState } from "../../../../lib/papers/rheed-qd/rheed";

const S = 48;
const FLAT: FrameState = { sC44: 0, reconWeight: 1, s3d: 0, rho: 0, chevronDeg: 20, streakSigmaPx: 0.8, streakLen: 0.6, spotSigmaPx: 1, spotAmp: 1, specular: 0, azimuth: "[1-10]" };
const STILL = { jitterX: 0, jitterY: 0, rotDeg: 0 };

test("streak pitch: 0.16·S on GaAs, × (5.653/6.058)^ρ as InAs relaxes, ∝ S", () => {
  assert.ok(Math.abs(streakPitch(48, 0) - 7.68) < 1e-12);
  assert.ok(Math.abs(streakPitch(48, 1) - 7.68 * (5.653 / 6.058)) < 1e-12);
  assert.ok(Math.abs(streakPitch(48, 0.5) - 7.68 * Math.sqrt(5.653 / 6.058)) < 1e-12);
  assert.ok(Math.abs(streakPitch(64, 1) / streakPitch(48, 1) - 64 / 48) < 1e-12);
});

/** Intensity of a clean frame at horizontal offset `frac` pitches from the centre, 5 px above the shadow edge. */
function at(st: FrameState, frac: number): number {
  const img = renderIntensity(st, STILL, S);
  const y = Math.round(RENDER.edgeFrac * S) - 5;
  return img[y * S + Math.round(S / 2 + frac * streakPitch(S, st.rho))];
}

test("reconstruction streaks: (2×4) shows quarter orders, c(4×4) only half orders; the other azimuth swaps them", () => {
  const c44 = { ...FLAT, sC44: 1 }, r24 = { ...FLAT, sC44: 0 };
  // quarter positions: bright for (2×4), dark for c(4×4)
  assert.ok(at(r24, 0.25) > 2 * at(c44, 0.25), `1/4: (2×4) ${at(r24, 0.25)} vs c(4×4) ${at(c44, 0.25)}`);
  assert.ok(at(r24, 0.75) > 2 * at(c44, 0.75));
  // half position: bright for both, and brighter than the quarter position for c(4×4)
  assert.ok(at(c44, 0.5) > 2 * at(c44, 0.25), `c(4×4): 1/2 ${at(c44, 0.5)} vs 1/4 ${at(c44, 0.25)}`);
  assert.ok(at(r24, 0.5) > 2 * at(c44, 0.25));
  const sw = (st: FrameState): FrameState => ({ ...st, azimuth: "[110]" });
  assert.ok(at(sw(c44), 0.25) > 2 * at(sw(r24), 0.25), "in [110] c(4×4) shows the quarter orders");
  assert.deepEqual(fractionalOrders({ sC44: 1, azimuth: "[1-10]" }).map((f) => f.weight), [0, 1, 0]);
  assert.deepEqual(fractionalOrders({ sC44: 0, azimuth: "[1-10]" }).map((f) => f.weight), [1, 1, 1]);
});

test("3D: transmission spots on the grid (x_c + kΔx', y_e − lΔx') appear with s_3D and the streaks fade", () => {
  const d3 = { ...FLAT, s3d: 1, rho: 0.5 };
  const img = renderIntensity(d3, STILL, S);
  const p = streakPitch(S, 0.5);
  const ye = RENDER.edgeFrac * S;
  const spot = img[Math.round(ye - p) * S + Math.round(S / 2 + p)];
  const between = img[Math.round(ye - 1.5 * p) * S + Math.round(S / 2 + p)];
  assert.ok(spot > 3 * between, `spot ${spot} vs between spots ${between}`);
  const flat = renderIntensity(FLAT, STILL, S);
  assert.ok(flat[Math.round(ye - 1.5 * p) * S + S / 2] > 2 * img[Math.round(ye - 1.5 * p) * S + S / 2], "the central streak fades once 3D");
});

test("camera: Uint8 in [0, 255]; same seed → same frame; different noise → different frame", () => {
  const nz = drawNuisance(new Rng(3));
  assert.ok(nz.gain >= 0.7 && nz.gain <= 1.3 && Math.abs(nz.rotDeg) <= 2 && Math.abs(nz.jitterX) <= 2);
  const a = renderFrame(FLAT, nz, S, new Rng(1));
  const b = renderFrame(FLAT, nz, S, new Rng(1));
  const c = renderFrame(FLAT, nz, S, new Rng(2));
  assert.equal(a.length, S * S);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(Math.max(...a) > 100, "a bright pattern");
  assert.ok(a.every((v) => v >= 0 && v <= 255));
});
