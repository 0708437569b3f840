/**
 * Virtual MBE formulas (lib/papers/rheed-qd/mbe.ts) against hand values: density (Arrhenius + growth-rate law and
 * its clip), the 2D→3D transition, relaxation and chevron angle, dot height and PL peak, the reconstruction
 * transition, and the calibration the constants were chosen for (−20 °C ≈ 3× intensity, ≈ +8 meV FWHM).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  c44Weight, chevronAngle, criticalThickness, dotDensity, dotHeight, grow, HC_EV_NM, MBE, NOMINAL, peakEnergy, plSpectrum, qualityOf, relaxation, transitionTemp, weight3d,
} from "../../../../lib/papers/rheed-qd/mbe";

const close = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${what}: ${a} vs ${b} (rel. tol ${rel})`);

test("density: n_ref at T_ref and g_ref; Arrhenius factor at 450 °C by hand; g^(1/3); clipped to [1e8, 2e11]", () => {
  close(dotDensity(500, 0.1), 3e10, 1e-12, "n(T_ref, g_ref)");
  // E_d/3k_B = 1.2/(3·8.617333e-5) = 4641.79 K; 1/723.15 − 1/773.15 = 8.94287e-5 K⁻¹; exp(0.415109) = 1.514530
  close(dotDensity(450, 0.1), 3e10 * 1.51453, 1e-5, "n(450 °C)");
  close(dotDensity(500, 0.8), 6e10, 1e-12, "n ∝ g^(1/3): 8× rate → 2×");
  assert.equal(dotDensity(100, 0.1), MBE.nMax);
  assert.equal(dotDensity(600, 1e-8), MBE.nMin);
});

test("2D→3D: θ_c = 1.7 ML at 500 °C (+0.002 ML/°C); s_3D = ½ at θ_c and σ(1) = 0.731059 at θ_c + 0.08", () => {
  close(criticalThickness(500), 1.7, 1e-12, "θ_c(500)");
  close(criticalThickness(550), 1.8, 1e-12, "θ_c(550)");
  close(weight3d(1.7, 1.7), 0.5, 1e-12, "s_3D(θ_c)");
  close(weight3d(1.78, 1.7), 0.7310586, 1e-6, "s_3D(θ_c + 0.08)");
});

test("relaxation ρ = 1 − e^{−(θ−θ_c)/0.5} (0 before θ_c) and chevron angle 20° + 25°ρ", () => {
  assert.equal(relaxation(1.5, 1.7), 0);
  close(relaxation(2.2, 1.7), 1 - Math.exp(-1), 1e-12, "ρ one relaxation length past θ_c");
  close(chevronAngle(relaxation(2.2, 1.7)), 20 + 25 * 0.6321206, 1e-6, "φ");
  close(chevronAngle(1), 45, 1e-12, "φ fully relaxed");
});

test("dot height h = 6 nm at (θ − θ_c)/(n/n_ref) = 0.7 ML; h ∝ V^{1/3}; PL peak 1.005 eV there at 500 °C, intermixing blueshift above 510 °C", () => {
  close(dotHeight(2.4, 1.7, 3e10), 6, 1e-12, "h at v_ref");
  close(dotHeight(2.4, 1.7, 3.75e9), 12, 1e-12, "8× volume → 2× height");
  close(peakEnergy(6, 500), 0.855 + 5.4 / 36, 1e-12, "E_pk = E∞ + A/h²");
  close(peakEnergy(6, 520) - peakEnergy(6, 500), 0.0012 * 10, 1e-9, "β·(T − 510)");
  close(HC_EV_NM / 1.0, 1239.84, 1e-12, "1 eV = 1239.84 nm");
});

test("reconstruction: T_tr = 480 °C at 2.5e-7 Torr, +30 °C per decade of As; s_c44 = ½ at T_tr, → 1 below, → 0 above", () => {
  close(transitionTemp(2.5e-7), 480, 1e-12, "T_tr");
  close(transitionTemp(2.5e-6), 510, 1e-12, "T_tr one decade up");
  close(c44Weight(480, 2.5e-7), 0.5, 1e-12, "s_c44 at T_tr");
  assert.ok(c44Weight(440, 2.5e-7) > 0.99 && c44Weight(520, 2.5e-7) < 0.01);
});

test("the nominal recipe peaks at intensity 1 near 1240 nm; 20 °C below that optimum costs ≈ 3× and ≈ +8 meV (the calibration the constants were fixed for)", () => {
  let best = { t: 0, i: -Infinity };
  let bestQ = { t: 0, q: -Infinity };
  for (let t = 440; t <= 580; t += 0.5) {
    const o = grow({ tSet: t, dT: 0, ...NOMINAL });
    assert.ok(o.intensity <= 1 + 1e-9, `intensity ${o.intensity} > 1 at ${t} °C`);
    if (o.intensity > best.i) best = { t, i: o.intensity };
    if (o.quality > bestQ.q) bestQ = { t, q: o.quality };
  }
  assert.ok(Math.abs(best.i - 1) < 1e-4, `peak intensity ${best.i}`);
  assert.ok(best.t > 500 && best.t < 520 && bestQ.t >= best.t && bestQ.t < 525, `intensity optimum ${best.t} °C, quality optimum ${bestQ.t} °C`);
  const opt = grow({ tSet: best.t, dT: 0, ...NOMINAL });
  const low = grow({ tSet: best.t - 20, dT: 0, ...NOMINAL });
  const ratio = opt.intensity / low.intensity;
  assert.ok(ratio > 2.7 && ratio < 4, `intensity ratio ${ratio}`);
  const dG = low.fwhm - opt.fwhm;
  assert.ok(dG > 6 && dG < 10, `ΔFWHM ${dG} meV`);
  assert.ok(Math.abs(opt.peakNm - 1240) < 10, `peak ${opt.peakNm} nm`);
  assert.ok(Math.abs(opt.quality - qualityOf(opt.lnI, opt.fwhm)) < 1e-12);
  assert.ok(Math.abs(qualityOf(0, 40) + 1) < 1e-12, "Q = ln I − (Γ − 30)/10");
});

test("PL spectrum: a Gaussian in energy with the given FWHM (half maximum at E_pk ± Γ/2)", () => {
  const o = { peakEv: 1.0, fwhm: 30, intensity: 2 };
  const nm = [HC_EV_NM / 1.0, HC_EV_NM / 1.015, HC_EV_NM / 0.985];
  const s = plSpectrum(o, nm);
  close(s[0], 2, 1e-12, "peak");
  close(s[1], 1, 1e-9, "half max above");
  close(s[2], 1, 1e-9, "half max below");
});
