/**
 * The paper's numbers (arXiv 2411.16061 abstract, card §3) and the card's six small-scale claims (§4) as
 * checks over this folder's results. Every check compares a measured number with a threshold and can fail;
 * thresholds are the card's, the paper's own ablation tables could not be read (card §1).
 */
import type { ClaimSpec } from "../../claims";
import type { AccRow, CostRow, MaeRow } from "./experiment";
import type { EquivalenceReport } from "./analysis";

/** Headline numbers of the paper (abstract). */
export const PAPER_NUMBERS = {
  /** ImageNet-1k top-1 (%) of the 10M / 19M / 83M / 173M models. */
  imagenetTop1: { "10M": 78.5, "19M": 79.8, "83M": 84.0, "173M": 86.2 },
  /** 10M model over the best earlier SNN, points. */
  gainOverSnnPts: 7.2,
  /** Training-time speed-up of SFA (integer training at T = 1) over multi-step binary training (10M example). */
  trainingSpeedup: 4.5,
  /** Inference energy efficiency (10M example). */
  energyEfficiency: 3.9,
  source: "arXiv 2411.16061 v1 abstract",
} as const;

/** Everything the claims read. */
export interface SdtResults {
  neuronRows: AccRow[];
  dRows: AccRow[];
  equivalence: EquivalenceReport;
  cost: CostRow[];
  mae: MaeRow[];
  /** Energy of the headline I-LIF model: SNN and ANN counts, µJ per image. */
  energy: { snnUj: number; annUj: number };
  /** Config label of the headline neuron and of the binary BPTT baseline (for lookups). */
  D: number;
  lifT: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pts = (x: number) => Math.round(x * 1000) / 10; // fraction → points, 0.1 precision

/** Mean test accuracy over seeds of the rows matching `f`. */
function accOf(rows: AccRow[], f: (r: AccRow) => boolean): number {
  return mean(rows.filter(f).map((r) => r.acc));
}

/** The six claims of the card as `lab.claim` specs (paper id, scale and seed come from the context). */
export function claimSpecs(r: SdtResults): ClaimSpec[] {
  const ilif = (x: AccRow) => x.kind === "I-LIF" && x.T === 1 && x.D === r.D && x.attention === "sdsa";
  const lif1 = (x: AccRow) => x.kind === "LIF" && x.T === 1;
  const lifT = (x: AccRow) => x.kind === "LIF" && x.T === r.lifT;
  const seeds = new Set(r.neuronRows.filter(lif1).map((x) => x.seed)).size;
  const bpttSeeds = new Set(r.neuronRows.filter(lifT).map((x) => x.seed));
  const ilifOnBpttSeeds = (x: AccRow) => ilif(x) && bpttSeeds.has(x.seed);
  const costOf = (label: string) => r.cost.find((c) => c.config === label)?.msPerStep ?? NaN;
  const dSorted = [...r.dRows].sort((a, b) => a.D - b.D);
  const dSteps = dSorted.slice(1).map((x, i) => pts(x.acc - dSorted[i].acc));
  const bptt = r.neuronRows.find(lifT);
  const pareto = bptt ? r.dRows.filter((x) => x.acc >= bptt.acc && x.snnUj <= bptt.snnUj).length : NaN;
  const maeBest = (labels: number) => Math.max(...r.mae.filter((m) => m.mask !== "none" && m.labels === labels).map((m) => m.acc));
  const scratch = (labels: number) => r.mae.find((m) => m.mask === "none" && m.labels === labels)?.acc ?? NaN;
  const fewest = Math.min(...r.mae.map((m) => m.labels));
  return [
    {
      id: "ilif-beats-binary-t1",
      statement: `I-LIF (T=1, D=${r.D}) beats a binary LIF with surrogate gradients at T=1 by at least 3 points`,
      paperValue: 3,
      ours: pts(accOf(r.neuronRows, ilif) - accOf(r.neuronRows, lif1)),
      compare: { kind: "atLeast" },
      unit: "points",
      note: `mean test accuracy over ${seeds} seed(s); threshold from the card (the paper's ablation table was not recovered)`,
    },
    {
      id: "ilif-matches-bptt",
      statement: `I-LIF (T=1) matches or beats binary LIF at T=${r.lifT} trained with BPTT (within 1 point)`,
      paperValue: 0,
      ours: pts(accOf(r.neuronRows, ilifOnBpttSeeds) - accOf(r.neuronRows, lifT)),
      compare: { kind: "atLeast", value: -1 },
      unit: "points",
      note: `same seeds (${[...bpttSeeds].join(", ")}), architecture and budget`,
    },
    {
      id: "spike-driven-equivalence",
      statement: "Expanding every integer activation into D binary spikes gives the integer-mode logits (max |Δ| < 1e-4, same argmax)",
      paperValue: 0,
      ours: r.equivalence.argmaxAgreement === 1 ? r.equivalence.maxAbsDiff : NaN,
      compare: { kind: "atMost", value: 1e-4 },
      unit: "max |Δlogit|",
      note: `weights on a 2^-${r.equivalence.bits} fixed-point grid (as deployed); attention product over pairs of binary frames. ` +
        `With raw float32 weights: max |Δ| ${r.equivalence.floatMaxAbsDiff.toExponential(1)}, argmax agreement ${(100 * r.equivalence.floatArgmaxAgreement).toFixed(1)}% (float summation order can flip a neuron at a rounding threshold)`,
    },
    {
      id: "training-speedup",
      statement: `Training at T=1×D=${r.D} is at least 3× faster per step than binary LIF at T=${r.lifT} with BPTT (paper: 4.5× at scale)`,
      paperValue: PAPER_NUMBERS.trainingSpeedup,
      ours: Math.round((costOf(`LIF T${r.lifT}`) / costOf(`I-LIF T1×D${r.D}`)) * 100) / 100,
      compare: { kind: "atLeast", value: 3 },
      unit: "×",
      note: "median step time on a shared CPU (noisy); the paper's 4.5× is for the 10M model on GPUs",
    },
    {
      id: "accuracy-vs-d",
      statement: "Accuracy does not fall as D grows (1 → 2 → 4 → 8; 1-point tolerance for seed noise)",
      paperValue: null,
      ours: dSteps.length ? Math.min(...dSteps) : NaN,
      compare: { kind: "atLeast", value: -1 },
      unit: "points (worst step)",
      note: `steps between consecutive D: ${dSteps.join(", ")} points`,
    },
    {
      id: "d-pareto-over-bptt",
      statement: `Some D Pareto-dominates binary LIF T=${r.lifT} on accuracy and estimated energy`,
      paperValue: null,
      ours: pareto,
      compare: { kind: "atLeast", value: 1 },
      unit: "dominating D values",
    },
    {
      id: "mae-few-labels",
      statement: `Spike-masked autoencoder pretraining beats training from scratch with ${fewest} labels (expected gain 1–5 points)`,
      paperValue: "1–5 points",
      ours: pts(maeBest(fewest) - scratch(fewest)),
      compare: { kind: "direction", expect: "greater", than: 0 },
      unit: "points",
      note: "the card's least certain claim at this scale",
    },
    {
      id: "energy-advantage",
      statement: "Energy from measured firing rates is at least 3× lower than the same network counted as an ANN (paper: 3.9×)",
      paperValue: PAPER_NUMBERS.energyEfficiency,
      ours: Math.round((r.energy.annUj / r.energy.snnUj) * 100) / 100,
      compare: { kind: "atLeast", value: 3 },
      unit: "× (E_ANN / E_SNN)",
      note: "E_MAC 4.6 pJ, E_AC 0.9 pJ; memory traffic not counted; the paper's 3.9× compares against other models",
    },
  ];
}
