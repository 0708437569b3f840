/**
 * The paper's numbers (arXiv 2411.16061 abstract, card §3) and the card's small-scale claims (§4) as checks over
 * this folder's results. Every check compares a measured number with a threshold fixed before running and can fail;
 * thresholds are the card's (the paper's own ablation tables could not be read, card §1). Accuracy claims carry the
 * per-seed values (`samples`: verdict on the mean, spread shown; directional ones on a bootstrap interval over seeds)
 * and regime guards: a comparison with a baseline that has not reached its known regime on MNIST is reported
 * "not measured", never decided.
 */
import { bootstrapMean, type ClaimSpec } from "../../claims";
import { atLeast, spreadOf } from "../../kit";
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

/**
 * Known regimes the comparisons need, fixed before running. MNIST: a small conv net exceeds 90 % test accuracy in a
 * few hundred steps, so a neuron type below that is untrained, not a baseline. Few labels: a from-scratch model on a
 * few hundred digits that learned at all sits far above chance (small CNNs reach 85–90 % on 250 labels).
 */
export const REGIME = { mnistAccuracy: 0.9, fewLabelScratch: 0.75 } as const;

/** Everything the claims read. */
export interface SdtResults {
  neuronRows: AccRow[];
  dRows: AccRow[];
  equivalence: EquivalenceReport;
  cost: CostRow[];
  mae: MaeRow[];
  /** Energy of the headline I-LIF model: SNN and ANN counts, µJ per image. */
  energy: { snnUj: number; annUj: number };
  /** Levels of the headline neuron and timesteps of the binary BPTT baseline (for lookups). */
  D: number;
  lifT: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const pts = (x: number) => Math.round(x * 1000) / 10; // fraction → points, 0.1 precision
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Seeds present in rows matching `f`, sorted. */
function seedsOf<R extends { seed: number }>(rows: readonly R[], f: (r: R) => boolean): number[] {
  return [...new Set(rows.filter(f).map((r) => r.seed))].sort((a, b) => a - b);
}

/** Per seed present in both: value(a) − value(b), in points. */
function pairedPts<R extends { seed: number; acc: number }>(rows: readonly R[], a: (r: R) => boolean, b: (r: R) => boolean): number[] {
  const out: number[] = [];
  for (const s of seedsOf(rows, a)) {
    const x = rows.find((r) => a(r) && r.seed === s), y = rows.find((r) => b(r) && r.seed === s);
    if (x && y) out.push(pts(x.acc - y.acc));
  }
  return out;
}

/** Least-squares slope of ys against xs. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean([...xs]), my = mean([...ys]);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx > 0 ? xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx : NaN;
}

/** Mean accuracy and mean energy of the rows matching `f` (over seeds). */
function meanOf(rows: readonly AccRow[], f: (r: AccRow) => boolean): { acc: number; snnUj: number; n: number } {
  const m = rows.filter(f);
  return { acc: mean(m.map((r) => r.acc)), snnUj: mean(m.map((r) => r.snnUj)), n: m.length };
}

/** "93.1 ± 0.4 % (n = 3)" of accuracies in [0, 1]. */
export function accText(accs: readonly number[]): string {
  if (!accs.length) return "not run";
  const s = spreadOf(accs.map((a) => 100 * a));
  return s.n > 1 ? `${s.mean.toFixed(1)} ± ${s.sd.toFixed(1)} % (n = ${s.n})` : `${s.mean.toFixed(1)} % (n = 1)`;
}

/** A claim's value from per-seed samples (verdict on their mean), or "not measured" when there are none. */
function seeded(samples: number[]): Pick<ClaimSpec, "ours" | "samples"> {
  return samples.length ? { ours: undefined, samples } : { ours: NaN };
}

/**
 * A directional claim over seeds is decided on the percentile-bootstrap interval of the mean over seeds (lib/claims),
 * not on the sign of the mean; with fewer than two seeds there is no interval and the mean decides.
 */
function seedInterval(samples: number[]): Pick<ClaimSpec, "interval"> {
  return samples.length >= 2 ? { interval: bootstrapMean(samples, { seed: 0, unitName: "seeds" }) } : {};
}

/** The card's claims as `lab.claim` specs (paper id, scale and seed come from the context). */
export function claimSpecs(r: SdtResults): ClaimSpec[] {
  const ilif = (x: AccRow) => x.kind === "I-LIF" && x.T === 1 && x.D === r.D && x.attention === "sdsa";
  const lif1 = (x: AccRow) => x.kind === "LIF" && x.T === 1;
  const lifT = (x: AccRow) => x.kind === "LIF" && x.T === r.lifT;
  const mnist = (name: string, f: (x: AccRow) => boolean, rows = r.neuronRows) =>
    atLeast(`${name} MNIST test accuracy (mean over seeds)`, meanOf(rows, f).acc, REGIME.mnistAccuracy);
  const guardIlif = mnist(`I-LIF T1×D${r.D}`, ilif);
  const guardLif1 = mnist("binary LIF T1", lif1);
  const guardBptt = mnist(`binary LIF T${r.lifT} (BPTT)`, lifT);

  // D sweep: per seed, accuracy (points) and spikes against D
  const dSeeds = seedsOf(r.dRows, () => true);
  const Ds = [...new Set(r.dRows.map((x) => x.D))].sort((a, b) => a - b);
  const perSeed = dSeeds.map((s) => Ds.map((D) => r.dRows.find((x) => x.seed === s && x.D === D)));
  // a sweep needs two D at least: with the headline D alone (`default`) the D claims are not measured
  const complete = Ds.length >= 2 ? perSeed.filter((rows): rows is AccRow[] => rows.every((x) => x !== undefined)) : [];
  const dNote = Ds.length >= 2 ? "" : `; D sweep not run at this scale (only D ${Ds.join(", ") || "none"}; D 1, 2, 4, 8 run at \`full\`)`;
  const slopes = complete.map((rows) => Math.round(slope(rows.map((x) => Math.log2(x.D)), rows.map((x) => 100 * x.acc)) * 100) / 100);
  const dTop = Ds.length >= 2 ? Ds[Ds.length - 1] : 8; // the card's upper end when no sweep ran
  const beyond = complete.map((rows) => pts(rows[rows.length - 1].acc - (rows.find((x) => x.D === r.D)?.acc ?? NaN)));
  const spikeRise = complete.map((rows) => r2(Math.min(...rows.slice(1).map((x, i) => x.spikesPerImage / rows[i].spikesPerImage))));
  const dMeans = Ds.map((D) => ({ D, ...meanOf(r.dRows, (x) => x.D === D) }));
  const bptt = meanOf(r.neuronRows, lifT);
  const pareto = bptt.n ? dMeans.filter((x) => x.acc >= bptt.acc && x.snnUj <= bptt.snnUj) : [];

  // training cost
  const cost = (label: string) => r.cost.find((c) => c.config === label);
  const fast = cost(`I-LIF T1×D${r.D}`), slow = cost(`LIF T${r.lifT}`);

  // MAE: per seed, best mask minus scratch at the fewest labels
  const fewest = r.mae.length ? Math.min(...r.mae.map((m) => m.labels)) : NaN; // NaN: spike-MAE not run at this scale
  const maeGain = seedsOf(r.mae, (m) => m.labels === fewest).flatMap((s) => {
    const at = r.mae.filter((m) => m.labels === fewest && m.seed === s);
    const scratch = at.find((m) => m.mask === "none");
    const best = Math.max(...at.filter((m) => m.mask !== "none").map((m) => m.acc));
    return scratch && Number.isFinite(best) ? [pts(best - scratch.acc)] : [];
  });
  const scratchFew = mean(r.mae.filter((m) => m.mask === "none" && m.labels === fewest).map((m) => m.acc));
  const guardScratch = atLeast(`from-scratch I-LIF on ${r.mae.length ? fewest : "few"} labels`, scratchFew, REGIME.fewLabelScratch);
  const maeNote = !r.mae.length ? "spike-MAE not run at this scale (it runs at `full`)" : `per seed: ${maeGain.join(", ")} points; scratch ${accText(r.mae.filter((m) => m.mask === "none" && m.labels === fewest).map((m) => m.acc))}`;

  return [
    {
      id: "ilif-beats-binary-t1",
      statement: `I-LIF (T=1, D=${r.D}) beats a binary LIF with surrogate gradients at T=1 by at least 3 points`,
      paperValue: null,
      ...seeded(pairedPts(r.neuronRows, ilif, lif1)),
      compare: { kind: "atLeast", value: 3 },
      unit: "points",
      guards: [guardLif1],
      note: `per-seed differences, same seed/architecture/budget; I-LIF ${accText(r.neuronRows.filter(ilif).map((x) => x.acc))}, binary LIF T1 ${accText(r.neuronRows.filter(lif1).map((x) => x.acc))}; threshold from the card (the paper's ablation table was not recovered; ImageNet: +${PAPER_NUMBERS.gainOverSnnPts} points over the best earlier SNN)`,
    },
    {
      id: "ilif-matches-bptt",
      statement: `I-LIF (T=1) matches or beats binary LIF at T=${r.lifT} trained with BPTT (within 1 point)`,
      paperValue: null,
      ...seeded(pairedPts(r.neuronRows, ilif, lifT)),
      compare: { kind: "atLeast", value: -1 },
      unit: "points",
      guards: [guardBptt],
      note: `per-seed differences; binary LIF T${r.lifT} ${accText(r.neuronRows.filter(lifT).map((x) => x.acc))}`,
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
      ours: fast && slow ? r2(slow.msPerStep / fast.msPerStep) : NaN,
      compare: { kind: "atLeast", value: 3 },
      unit: "×",
      note: "median step time on a shared CPU (noisy); the paper's 4.5× is for the 10M model on GPUs",
    },
    {
      id: "peak-memory",
      statement: `Peak tensor memory of a training step at T=1×D=${r.D} is at least 3× lower than binary LIF at T=${r.lifT} with BPTT`,
      paperValue: null,
      ours: fast && slow ? r2(slow.peakMB / fast.peakMB) : NaN,
      compare: { kind: "atLeast", value: 3 },
      unit: "× (peak MB, BPTT / I-LIF)",
      note: `card §4 claim 3 (peak memory measured, no number stated): BPTT keeps T=${r.lifT} steps of activations, so the card's ≥ 3× of the time claim is used; ${fast && slow ? `${slow.peakMB.toFixed(0)} vs ${fast.peakMB.toFixed(0)} MB (tf.profile, one step)` : "not measured"}`,
    },
    {
      id: "accuracy-vs-d",
      statement: `Accuracy does not fall as D grows (${Ds.join(" → ")}): least-squares slope of accuracy against log2 D ≥ 0`,
      paperValue: null,
      ...seeded(slopes),
      compare: { kind: "atLeast", value: 0 },
      unit: "points per doubling of D",
      guards: [guardIlif],
      note: `per-seed slopes; mean accuracy by D: ${dMeans.map((x) => `D${x.D} ${(100 * x.acc).toFixed(1)} %`).join(", ")}${dNote}`,
    },
    {
      id: "accuracy-saturates",
      statement: `Accuracy saturates by D = 4–8: going from D=${r.D} to D=${dTop} gains at most 1 point`,
      paperValue: "saturates by D = 4–8",
      ...seeded(beyond),
      compare: { kind: "atMost", value: 1 },
      unit: `points (D${dTop} − D${r.D})`,
      guards: [guardIlif],
      note: `per-seed differences (card §4 claim 4)${dNote}`,
    },
    {
      id: "spikes-rise-with-d",
      statement: `Spikes per image (and so estimated energy) rise with D: every step ${Ds.join(" → ")} increases them`,
      paperValue: null,
      ...seeded(spikeRise),
      ...seedInterval(spikeRise),
      compare: { kind: "direction", expect: "greater", than: 1 },
      unit: "× (smallest ratio between consecutive D)",
      guards: [guardIlif],
      note: `mean spikes per image by D: ${Ds.map((D) => `D${D} ${Math.round(mean(r.dRows.filter((x) => x.D === D).map((x) => x.spikesPerImage)))}`).join(", ")}${dNote}`,
    },
    {
      id: "d-pareto-over-bptt",
      statement: `Some D Pareto-dominates binary LIF T=${r.lifT} on accuracy and estimated energy (means over seeds)`,
      paperValue: null,
      ours: bptt.n ? pareto.length : NaN,
      compare: { kind: "atLeast", value: 1 },
      unit: "dominating D values",
      guards: [guardBptt],
      note: `binary LIF T${r.lifT}: ${(100 * bptt.acc).toFixed(1)} % at ${bptt.snnUj.toFixed(3)} µJ; ${dMeans.map((x) => `D${x.D}: ${(100 * x.acc).toFixed(1)} % at ${x.snnUj.toFixed(3)} µJ`).join("; ")}`,
    },
    {
      id: "mae-few-labels",
      statement: `Spike-masked autoencoder pretraining beats training from scratch with ${r.mae.length ? fewest : "few"} labels`,
      paperValue: null,
      ...seeded(maeGain),
      ...seedInterval(maeGain),
      compare: { kind: "direction", expect: "greater", than: 0 },
      unit: "points",
      guards: [guardScratch],
      note: `${maeNote}; the card's least certain claim at this scale`,
    },
    {
      id: "mae-gain-1-5-points",
      statement: `The spike-MAE gain with ${r.mae.length ? fewest : "few"} labels is in the card's expected range of 1–5 points`,
      paperValue: "1–5 points",
      ...seeded(maeGain),
      compare: { kind: "range", min: 1, max: 5 },
      unit: "points",
      guards: [guardScratch],
      note: maeNote,
    },
    {
      id: "energy-advantage",
      statement: "Energy from measured firing rates is at least 3× lower than the same network counted as an ANN (paper: 3.9×)",
      paperValue: PAPER_NUMBERS.energyEfficiency,
      ours: r2(r.energy.annUj / r.energy.snnUj),
      compare: { kind: "atLeast", value: 3 },
      unit: "× (E_ANN / E_SNN)",
      note: "headline I-LIF model, first seed; E_MAC 4.6 pJ, E_AC 0.9 pJ; memory traffic not counted; the paper's 3.9× compares against other models",
    },
  ];
}
