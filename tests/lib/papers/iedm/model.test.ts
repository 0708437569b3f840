import { test } from "node:test";
import assert from "node:assert/strict";
import { analyseInnovations, chiSquareExclusion, chi2Quantile, iggIII, innovationW, largestAbsW, residualSnooping, residualW, normalQuantile, MIN_REDUNDANCY, type UpdateProblem } from "../../../../lib/papers/iedm/model";
import { dbscan1d, kmeans1d, madCluster } from "../../../../lib/papers/iedm/cluster";
import { diag, fromRows } from "../../../../lib/gnss/linalg";
import { Rng } from "../../../../lib/core/train/seed";
import { LAMBDA_L1 } from "../../../../lib/gnss/frames";
import { phaseSigma } from "../../../../lib/papers/iedm/filter";

const ONES = (m: number, v: number) => Array.from({ length: m }, () => v);

test("DBSCAN 1-D on crafted data: main cluster, noise and centre", () => {
  const x = [0.02, -0.05, 0.01, 0.04, 3.01, 7.2, -0.03, 2.98];
  const c = dbscan1d(x, 0.25, 4);
  assert.deepEqual(c.main.sort(), [0, 1, 2, 3, 6]);
  assert.equal(c.labels[5], -1);
  assert.ok(Math.abs(c.centre - 0.01) < 1e-12);
  const two = dbscan1d([0, 0.1, 0.2, 5, 5.1, 5.2, 5.3], 0.25, 3);
  assert.deepEqual(two.main.sort(), [3, 4, 5, 6]);
  assert.deepEqual(madCluster(x).main.sort(), [0, 1, 2, 3, 6]);
  assert.deepEqual(kmeans1d([0, 0.1, 0.2, 9, 9.1], 2).main, [0, 1, 2]);
});

test("slip estimation recovers injected integers; code multipath is not taken for a slip", () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 50; trial++) {
    const m = 8;
    const phase = Array.from({ length: m }, () => rng.normal(0, 0.03)); // cycles, clean prediction
    const codeW = Array.from({ length: m }, () => rng.normal(0, 1));
    const codeM = codeW.map((w) => w * 0.8);
    const j = rng.int(m);
    const slip = (rng.float() < 0.5 ? -1 : 1) * rng.int(1, 21);
    phase[j] += slip;
    const d = analyseInnovations(phase, codeW, codeM, ONES(m, 0.05));
    assert.deepEqual([...d.slips.entries()], [[j, slip]], `trial ${trial}: injected ${slip} on ${j}`);
    assert.equal(d.referenceSlip, 0);
  }
  // the same phase jump with a dirty code innovation (|w_P| = 8) is rejected as a slip: reset instead of repair
  const phase = [0.01, -0.02, 0.03, 5.02, 0.0, -0.01];
  const codeW = [0.2, -0.5, 0.1, 8, 0.3, -0.2];
  const d = analyseInnovations(phase, codeW, codeW, ONES(6, 0.05));
  assert.equal(d.slips.size, 0);
  assert.deepEqual(d.phaseOutliers, [3]);
  assert.ok(d.codeBiases.has(3));
  // phase multipath of ±λ/4 (0.25 cycle) is not an integer: no repair
  const mp = analyseInnovations([0.01, -0.02, 0.26, 0.0, 0.02, -0.01], ONES(6, 0), ONES(6, 0), ONES(6, 0.05));
  assert.equal(mp.slips.size, 0);
});

test("reference-satellite slip: every phase DD moves by the same integer and the cluster centre finds it", () => {
  const k = 3; // reference slipped by +3 cycles → every DD phase innovation shifts by −3
  const phase = [-3.02, -2.97, -3.01, -3.04, -2.99, -3.0];
  const d = analyseInnovations(phase, ONES(6, 0.1), ONES(6, 0.1), ONES(6, 0.05));
  assert.equal(d.referenceSlip, k);
  assert.equal(d.slips.size, 0);
  // per-satellite thresholds (no clustering) instead flag every satellite as slipped
  const none = analyseInnovations(phase, ONES(6, 0.1), ONES(6, 0.1), ONES(6, 0.05), { cluster: "none" });
  assert.equal(none.referenceSlip, 0);
  assert.equal(none.slips.size, 6);
});

test("IGG-III weights and quantiles", () => {
  assert.equal(iggIII(1.5), 1);
  assert.equal(iggIII(5), 0);
  assert.ok(Math.abs(iggIII(3) - (2 / 3) * (1.5 / 2.5) ** 2) < 1e-15);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
  assert.ok(Math.abs(chi2Quantile(10, 0.95) - 18.307) / 18.307 < 0.01);
});

function problem(v: number[]): UpdateProblem {
  const H = fromRows([[1, 0], [0, 1], [1, 1], [1, -1], [2, 1], [1, 2]]);
  return { P: diag([0.01, 0.01]), H, R: diag(ONES(6, 0.04)), v: Float64Array.from(v) };
}

test("R-EDM snooping and chi-square exclusion remove one injected 2 m blunder, not more", () => {
  const base = [0.05, -0.1, 0.02, 0.12, -0.04, 0.08];
  base[3] += 2;
  assert.deepEqual(residualSnooping(problem(base), 3), [3]);
  assert.deepEqual(chiSquareExclusion(problem(base), 0.05), [3]);
  const clean = [0.05, -0.1, 0.02, 0.12, -0.04, 0.08];
  assert.deepEqual(residualSnooping(problem(clean), 3), []);
  // residual overfitting: the update spreads part of a fault over the healthy rows; innovations keep it in place
  const wFault = innovationW(problem(base));
  const wClean = innovationW(problem(clean));
  const rFault = residualW(problem(base)).r;
  const rClean = residualW(problem(clean)).r;
  assert.equal(wFault[0], wClean[0]); // row 0's innovation does not see row 3's fault
  assert.ok(Math.abs(rFault[0] - rClean[0]) > 0.05, `row 0 residual moved by ${rFault[0] - rClean[0]} m`);
});

test("a row without redundancy gets no residual statistic (not a 0/0 value), and snooping skips it", () => {
  // state [a, b]: a is known only through row 0 (prior σ_a = 1e6 m), b through rows 1 and 2. Row 0 is fitted
  // exactly by the update: Q_r,00 / R_00 ≈ R/σ²_a ≈ 4e-14, below MIN_REDUNDANCY.
  const p: UpdateProblem = { P: diag([1e12, 0.01]), H: fromRows([[1, 0], [0, 1], [0, 1]]), R: diag([0.04, 0.04, 0.04]), v: Float64Array.from([5, 0.1, -0.05]) };
  const { r, w } = residualW(p);
  assert.ok(Number.isNaN(w[0]), `row 0 has no redundancy but got w = ${w[0]} (r = ${r[0]})`);
  assert.ok(Number.isFinite(w[1]) && Number.isFinite(w[2]) && Math.abs(w[1]) < 3 && Math.abs(w[2]) < 3, `rows 1–2: ${w[1]}, ${w[2]}`);
  assert.ok(MIN_REDUNDANCY > 0 && MIN_REDUNDANCY < 1e-3);
  // the 5 m blunder on row 0 cannot be seen by a residual test: nothing is excluded, row 0 is never "worst"
  assert.deepEqual(residualSnooping(p, 3), []);
  assert.deepEqual(largestAbsW(w), { value: Math.abs(w[1]) > Math.abs(w[2]) ? Math.abs(w[1]) : Math.abs(w[2]), at: Math.abs(w[1]) > Math.abs(w[2]) ? 1 : 2 });
  assert.deepEqual(largestAbsW([NaN, NaN]), { value: 0, at: -1 });
  // the same rows with a tight prior on a: row 0 has redundancy again and its blunder is found
  const q: UpdateProblem = { ...p, P: diag([0.01, 0.01]) };
  assert.ok(Number.isFinite(residualW(q).w[0]) && Math.abs(residualW(q).w[0]) > 3);
  assert.deepEqual(residualSnooping(q, 3), [0]);
});

test("slip repair on the oracle state: ≥ 95 % of slips recovered exactly over 20 drives (σ < λ/4)", () => {
  // Oracle state: true position, clock and pre-slip ambiguities, so the predicted DD range σ is 0 and a phase
  // innovation is λ(ΔN_s − ΔN_o) + DD phase noise: v_j = λΔN_j + (e_j − e_o), e ~ N(0, 2σ²_Φ(el)) (rover + base).
  // Only the repair logic is tested. Each drive: 20 epochs, 6–10 satellites at 10–90°, one or two slips per epoch.
  const rate = (settings: Parameters<typeof analyseInnovations>[4]) => {
    const rng = new Rng(7);
    let slips = 0;
    let exact = 0;
    for (let drive = 0; drive < 20; drive++) {
      for (let epoch = 0; epoch < 20; epoch++) {
        const n = 6 + rng.int(5);
        const el = Array.from({ length: n }, () => ((10 + 80 * rng.float()) * Math.PI) / 180);
        el.sort((a, b) => b - a); // reference: the highest
        const e = el.map((x) => rng.normal(0, Math.SQRT2 * phaseSigma(x)) / LAMBDA_L1); // cycles
        const m = n - 1;
        const truth = new Map<number, number>();
        // slipping rows drawn like the simulator's spontaneous slips: five times likelier below 20° elevation
        const weight = el.slice(1).map((x) => (x < (20 * Math.PI) / 180 ? 5 : 1));
        const pick = () => {
          let u = rng.float() * weight.reduce((a, b) => a + b, 0);
          return Math.max(0, weight.findIndex((w) => (u -= w) < 0));
        };
        while (truth.size < 1 + rng.int(2)) truth.set(pick(), (rng.float() < 0.5 ? -1 : 1) * (1 + rng.int(20)));
        const ph = Array.from({ length: m }, (_, j) => (truth.get(j) ?? 0) + e[j + 1] - e[0]);
        const sig = Array.from({ length: m }, (_, j) => (Math.SQRT2 * Math.hypot(phaseSigma(el[j + 1]), phaseSigma(el[0]))) / LAMBDA_L1);
        const codeW = Array.from({ length: m }, () => rng.normal(0, 1));
        const d = analyseInnovations(ph, codeW, codeW.map((w) => 0.8 * w), sig, settings);
        for (const [j, dn] of truth) {
          slips++;
          if (d.referenceSlip === 0 && d.slips.get(j) === dn) exact++;
        }
      }
    }
    return { slips, exact: exact / slips };
  };
  const now = rate({});
  assert.ok(now.slips >= 400, `${now.slips} slips`);
  assert.ok(now.exact >= 0.95, `exact slip recovery on the oracle state ${(100 * now.exact).toFixed(1)} % of ${now.slips}`);
  // the fixed 0.15-cycle remainder this replaced rejects low satellites' slips (91 %): the test can fail
  const fixed = rate({ remainderSigmas: 0 });
  assert.ok(fixed.exact < 0.95, `fixed 0.15-cycle remainder: ${(100 * fixed.exact).toFixed(1)} %`);
});
