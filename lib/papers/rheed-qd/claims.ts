/**
 * rheed-qd (arXiv 2411.00332): the paper's numbers and the card's claims C1–C5 (../shared/papers/rheed-qd.md §4)
 * as `lab.claim` specs computed from our results. Thresholds are the card's, fixed before any run; comparisons with
 * a baseline carry regime guards (a flat, above-chance plain baseline; an oracle that reaches the paper's 3.2×),
 * so they report "not measured" rather than a verdict on noise. Every number comes from a seeded simulator: a
 * verdict says whether the pipeline works on it, not whether the physics is right.
 */
import type { ClaimSpec } from "../../claims";
import { atLeast, within } from "../../kit/regime";
import type { CellResult, ClassifyResults, ControlResults } from "./experiment";
import { meanOfFirst } from "./experiment";

/** The paper's numbers (abstract) and the card's expectations. */
export const PAPER_NUMBERS = {
  /** PL intensity gain after in-situ optimisation, ×. */
  intensityGain: 3.2,
  /** PL FWHM before → after, meV. */
  fwhmBefore: 36.69,
  fwhmAfter: 28.17,
  /** Laser (out of scope here): 5 QD layers, CW, room temperature, 1240 nm, 150 A/cm². */
  laser: { layers: 5, wavelengthNm: 1240, thresholdACm2: 150 },
  source: "arXiv 2411.00332 v1 abstract; classification accuracy, GLAM settings and the control law are not published",
} as const;

/** Claim thresholds, fixed before running (card §4 and the issue). */
export const THRESHOLDS = {
  /** Chance macro-F1 for 3 balanced classes; C1 needs more, the control must stay within ±0.1 of it. */
  chance: 1 / 3,
  controlTol: 0.1,
  /** Regime: the plain baseline must be clearly above chance and flat (doubling its steps moves it < 2 points). */
  baselineMin: 0.5,
  flatTol: 0.02,
  /** C4: median intensity ratio ≥ 2× (paper 3.2×) with a narrower FWHM; the oracle must reach 3.2× first. */
  minRatio: 2,
  oracleMin: 3.2,
  /** C5: inference per T×S×S sample below 10 ms. */
  inferenceMs: 10,
} as const;

/** Everything the claims read. */
export interface RheedResults {
  classify: ClassifyResults;
  temporal: CellResult[];
  control: ControlResults;
  /** C5: median single-sample inference, wall and process CPU time (ms). */
  inference: { wallMs: number; cpuMs: number };
}

const cell = (cells: readonly CellResult[], variant: string, frames = 1): CellResult | undefined => cells.find((c) => c.variant === variant && c.frames === frames);
/** Per-seed paired differences a − b (same seeds, same data); undefined (not measured) when a cell is missing. */
const paired = (a?: CellResult, b?: CellResult): number[] | undefined => (a && b ? a.values.slice(0, Math.min(a.n, b.n)).map((v, i) => v - b.values[i]) : undefined);

/**
 * The regime of the plain baseline: above chance, and flat — the sizing run has `factor`× the epochs (2: twice the
 * baseline's; 0.5: half), and the F1 change from the shorter to the longer of the two (same seeds) must be < 2 points.
 */
export function baselineGuards(r: ClassifyResults): ReturnType<typeof atLeast>[] {
  const plain = cell(r.cells, "plain");
  const n = r.sizing.n;
  const [short, long] = plain && r.sizing.epochs > plain.epochs ? [meanOfFirst(plain, n), r.sizing.mean] : [r.sizing.mean, plain ? meanOfFirst(plain, n) : NaN];
  const epochs = [r.sizing.epochs, plain?.epochs ?? NaN].sort((a, b) => a - b);
  return [
    atLeast("plain ResNet test macro-F1 (mean over seeds)", plain?.mean, THRESHOLDS.baselineMin),
    within(`plain ResNet macro-F1 change when its steps double (${epochs[0]} → ${epochs[1]} epochs, ${n} seed${n > 1 ? "s" : ""})`, long - short, -THRESHOLDS.flatTol, THRESHOLDS.flatTol),
  ];
}

/** Claims C1–C5 of the card as claim specs; `scaleNote` says what differs from the paper at this scale. */
export function claimSpecs(r: RheedResults, scaleNote: string): ClaimSpec[] {
  const c = r.classify;
  const plain = cell(c.cells, "plain"), lc = cell(c.cells, "local-channel"), full = cell(c.cells, "full");
  const t1 = cell(r.temporal, "plain", 1), t4 = cell(r.temporal, "plain", 4);
  const guards = baselineGuards(c);
  const s = (p: string) => r.control.summary.find((x) => x.policy === p);
  const es = s("extremum-seeking"), oracle = s("oracle");
  const oracleGuard = atLeast("oracle controller median intensity ratio (true PL, same start)", oracle?.medianRatio, THRESHOLDS.oracleMin, "×");
  const note = `${scaleNote}; seeded synthetic RHEED (reconstruction), test runs held out by run`;
  return [
    {
      id: "c1-learnable", statement: "C1: RHEED before InAs deposition predicts the PL-quality tertile of held-out runs above chance (plain ResNet, macro-F1)",
      paperValue: "> 0.33 (≥ 0.7 expected)", ours: plain?.mean, samples: plain?.values, compare: { kind: "direction", expect: "greater", than: THRESHOLDS.chance }, unit: "macro-F1",
      note: `${note}; ceiling (logistic regression on the true latents) ${c.ceiling.toFixed(3)}`,
    },
    {
      id: "c1-control-chance", statement: "C1 negative control: with the PL-relevant features switched off in the generator, macro-F1 stays near chance",
      paperValue: THRESHOLDS.chance, ours: c.control.mean, samples: c.control.values, compare: { kind: "tolerance", tol: THRESHOLDS.controlTol }, unit: "macro-F1",
      note: `${note}; near = within ±${THRESHOLDS.controlTol}`,
    },
    {
      id: "c2-full-ge-plain", statement: "C2: full GLAM is at least as good as the plain ResNet (paired per seed)",
      paperValue: "+1–5 points (card; a null result is acceptable)", ours: undefined, samples: paired(full, plain), compare: { kind: "atLeast", value: 0 }, unit: "macro-F1 difference", guards,
      note: `${note}; T = 1`,
    },
    {
      id: "c2-plain-ge-local-channel", statement: "C2: the plain ResNet is at least as good as ResNet + local-channel attention only (paired per seed)",
      paperValue: "plain ≥ +local channel (card)", ours: undefined, samples: paired(plain, lc), compare: { kind: "atLeast", value: 0 }, unit: "macro-F1 difference", guards,
      note: `${note}; T = 1`,
    },
    {
      id: "c3-temporal", statement: "C3: T = 4 stacked deposition frames beat T = 1 (2D→3D onset and chevron growth are dynamic; paired per seed)",
      paperValue: "T=4 > T=1 (card)", ours: undefined, samples: paired(t4, t1), compare: { kind: "direction", expect: "greater" }, unit: "macro-F1 difference",
      guards: [atLeast("plain ResNet T = 1 macro-F1 on deposition frames", t1?.mean, THRESHOLDS.baselineMin)], note: `${note}; same window ends for both`,
    },
    {
      id: "c4-intensity", statement: `C4: model-guided extremum seeking raises the final PL intensity over the nominal open-loop recipe (median over ${r.control.results.filter((x) => x.policy === "open-loop").length} runs with a hidden thermocouple offset)`,
      paperValue: PAPER_NUMBERS.intensityGain, ours: es?.medianRatio, compare: { kind: "atLeast", value: THRESHOLDS.minRatio }, unit: "× intensity", guards: [oracleGuard],
      note: `${note}; quartiles ${es ? `${es.q1Ratio.toFixed(2)}–${es.q3Ratio.toFixed(2)}` : "n/a"}; oracle ${oracle?.medianRatio.toFixed(2) ?? "n/a"}×; start ${r.control.options.startC} °C`,
    },
    {
      id: "c4-fwhm", statement: "C4: and narrows the PL FWHM (median change against the open loop, same runs)",
      paperValue: PAPER_NUMBERS.fwhmAfter - PAPER_NUMBERS.fwhmBefore, ours: es?.medianDFwhm, compare: { kind: "direction", expect: "less", than: 0 }, unit: "meV", guards: [oracleGuard],
      note: `${note}; oracle ${oracle?.medianDFwhm.toFixed(2) ?? "n/a"} meV`,
    },
    {
      id: "c5-realtime", statement: "C5: inference on one T×S×S sample takes well under a 1 s control tick (WASM)",
      paperValue: `< ${THRESHOLDS.inferenceMs} ms (card)`, ours: r.inference.cpuMs, compare: { kind: "atMost", value: THRESHOLDS.inferenceMs }, unit: "ms (CPU)",
      note: `median single-sample inference after warm-up, process CPU time (wall ${r.inference.wallMs.toFixed(2)} ms on the shared machine); reported, never asserted in tests`,
    },
  ];
}
