/**
 * ToxiCN MM experiments on the neutral stand-in (card §4–§5), one function per experiment, each taking the typed
 * config: the main detection table (text / image / concat / MKE, task 1 and 2, seeds), the knowledge-noise sweep
 * (ρ × description style), the knowledge and fusion ablations, the latent ceiling and the dataset statistics.
 * One generated set (seed `cfg.seed`) is shared by all runs; seeds vary the weights and the batch order.
 */
import { seedList, spreadOf } from "../../kit";
import type { ToxicnConfig } from "./config";
import { generateMemes, type MemeItem, type MemeSet } from "./data";
import type { MemeAssets } from "./images";
import { detectionScores, type DetectionScores } from "./metrics";
import { MODAL_NAMES, REAL_MODAL_BY_TYPE, TYPE_NAMES } from "./pools";
import { prepare, trainRun, type Prepared, type RunResult, type RunSpec } from "./train";
import { warmStart, type WarmStart } from "./warmstart";

/** Everything the claims and figures read. */
export interface ToxicnResults {
  main: RunResult[];
  noise: RunResult[];
  /** The InfoNCE warm start's probe (picture → own d_img retrieval, %), or null when the scale runs none. */
  warm: Omit<WarmStart, "params"> | null;
  ablation: RunResult[];
  /** Bayes predictor on the generator's latents (majority label of each latent cell in train), scored on test. */
  ceiling: { task1: DetectionScores; task2: DetectionScores };
  stats: StatRow[];
  seeds: number[];
  wallMs: number;
}

/** One bar of fig_dataset_stats. */
export interface StatRow {
  source: "real (v1 train)" | "stand-in (train)";
  type: string;
  modality: string;
  count: number;
}

type Log = (line: string) => void;

async function runAll(p: Prepared, cfg: ToxicnConfig, specs: RunSpec[], log: Log): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const s of specs) {
    const r = await trainRun(p, cfg, s);
    log(`${label(r.spec)} seed ${s.seed}: test macro-F1 ${r.test.f1.toFixed(1)} (epoch ${r.epoch + 1} on dev), ${(r.wallMs / 1000).toFixed(1)} s`);
    out.push(r);
  }
  return out;
}

/** A readable name of a run's model ("MKE", "MKE ρ=0.5 judged", "+d_img", "concat softmax CE", …). */
export function label(s: Required<RunSpec>): string {
  const extra = [s.loss === "ce" ? "softmax CE" : "", s.kind !== "text" && !s.warm ? "no warm start" : ""];
  if (s.kind !== "mke") return [s.kind, ...extra].filter(Boolean).join(" ");
  const k = s.dTxt && s.dImg === 1 ? "MKE" : s.dTxt && s.dImg === 0.5 ? "MHKE (0.5·f_di)" : s.dTxt ? "+d_txt" : "+d_img";
  return [k, s.fusion !== "sum" ? `fusion ${s.fusion}` : "", s.rho ? `ρ=${s.rho}` : "", s.style === "judged" ? "judged" : "", ...extra].filter(Boolean).join(" ");
}

/** Main table: text, image, concat, MKE on task 1 and concat, MKE on task 2, `cfg.seeds` seeds each. */
export async function runMain(p: Prepared, cfg: ToxicnConfig, log: Log = () => {}): Promise<RunResult[]> {
  const seeds = seedList(cfg.seed, cfg.seeds);
  const specs: RunSpec[] = [];
  for (const seed of seeds) {
    for (const kind of ["text", "image", "concat", "mke"] as const) specs.push({ kind, task: 1, seed });
    for (const kind of ["concat", "mke"] as const) specs.push({ kind, task: 2, seed });
  }
  return runAll(p, cfg, specs, log);
}

/**
 * C5: MKE on task 1 with descriptions corrupted at every ρ of `cfg.rhos`, in every style of `cfg.styles`
 * (judgment-free ρ = 0 is the main table's MKE), `cfg.gridSeeds` seeds each (the main table's first seeds).
 */
export async function runNoise(p: Prepared, cfg: ToxicnConfig, log: Log = () => {}): Promise<RunResult[]> {
  const specs: RunSpec[] = [];
  for (const seed of seedList(cfg.seed, cfg.gridSeeds))
    for (const style of cfg.styles) for (const rho of cfg.rhos) if (rho > 0 || style !== "free") specs.push({ kind: "mke", task: 1, seed, rho, style });
  return runAll(p, cfg, specs, log);
}

/**
 * Ablations on task 1, `cfg.gridSeeds` seeds each: knowledge (+d_img only, +d_txt only, MHKE's 0.5·f_di), the fusion
 * ops other than sum, the loss (MKE and concat with softmax CE instead of the code's one-hot BCE) and the image model
 * without the warm start (what the image tower learns from the detection labels alone).
 */
export async function runAblation(p: Prepared, cfg: ToxicnConfig, log: Log = () => {}): Promise<RunResult[]> {
  const other = cfg.loss === "bce" ? "ce" : "bce";
  const specs: RunSpec[] = seedList(cfg.seed, cfg.gridSeeds).flatMap((seed): RunSpec[] => [
    { kind: "mke", task: 1, seed, dTxt: false, dImg: 1 },
    { kind: "mke", task: 1, seed, dTxt: true, dImg: 0 },
    { kind: "mke", task: 1, seed, dImg: 0.5 },
    ...cfg.fusionOps.filter((f) => f !== "sum").map((fusion): RunSpec => ({ kind: "mke", task: 1, seed, fusion })),
    ...(cfg.lossAblation ? (["mke", "concat"] as const).map((kind): RunSpec => ({ kind, task: 1, seed, loss: other })) : []),
    ...(p.warm ? [{ kind: "image", task: 1, seed, warm: false } as RunSpec] : []),
  ]);
  return runAll(p, cfg, specs, log);
}

/** One row per variant (same label and task) of `runs`: mean ± sd over seeds of macro-F1 and the modality recalls. */
export interface VariantRow {
  model: string;
  task: number;
  rho: number;
  style: string;
  n: number;
  f1: number;
  f1Sd: number;
  fusionRecall: number;
  imageRecall: number;
}

/** Summarises runs by variant (label, task), keeping first-seen order. */
export function summarizeVariants(runs: readonly RunResult[]): VariantRow[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of runs) {
    const k = `${label(r.spec)}|${r.spec.task}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const s = spreadOf(rs.map((x) => x.test.f1));
    const m = (f: (x: RunResult) => number): number => rs.reduce((a, x) => a + f(x), 0) / rs.length;
    return { model: label(rs[0].spec), task: rs[0].spec.task, rho: rs[0].spec.rho, style: rs[0].spec.style, n: rs.length, f1: s.mean, f1Sd: s.sd, fusionRecall: m((x) => x.recall.fusion), imageRecall: m((x) => x.recall.image) };
  });
}

const cellOf = (x: MemeItem): string => `${x.latent.text}|${x.latent.image}`;

/** The ceiling: predict each test item by the majority label (type) of its latent cell (text source × image set) in train. */
export function latentCeiling(set: MemeSet): { task1: DetectionScores; task2: DetectionScores } {
  const score = (task: 1 | 2): DetectionScores => {
    const C = task === 1 ? 2 : 5;
    const counts = new Map<string, number[]>();
    for (const x of set.train.items) {
      const c = counts.get(cellOf(x)) ?? new Array<number>(C).fill(0);
      c[task === 1 ? x.label : x.type]++;
      counts.set(cellOf(x), c);
    }
    const pred = set.test.items.map((x) => {
      const c = counts.get(cellOf(x));
      return c ? c.indexOf(Math.max(...c)) : 0;
    });
    return detectionScores(set.test.items.map((x) => (task === 1 ? x.label : x.type)), pred, C);
  };
  return { task1: score(1), task2: score(2) };
}

/** fig_dataset_stats rows: harmful train counts per type × modality, real (card §3) and stand-in. */
export function datasetStats(set: MemeSet): StatRow[] {
  const rows: StatRow[] = [];
  for (let t = 1; t <= 4; t++)
    for (let m = 1; m <= 4; m++) {
      rows.push({ source: "real (v1 train)", type: TYPE_NAMES[t], modality: MODAL_NAMES[m], count: REAL_MODAL_BY_TYPE[t][m - 1] });
      rows.push({ source: "stand-in (train)", type: TYPE_NAMES[t], modality: MODAL_NAMES[m], count: [...set.train.items, ...set.dev.items].filter((x) => x.type === t && x.modal === m).length });
    }
  return rows;
}

/** Every experiment of the notebook at one scale, on the stand-in or (full scale) on the real set `real`. */
export async function runToxicn(cfg: ToxicnConfig, assets: MemeAssets, log: Log = () => {}, real?: MemeSet): Promise<ToxicnResults> {
  const t0 = Date.now();
  const set = real ?? generateMemes(cfg.data, cfg.seed, assets); // `real`: the user's copy at full scale (loaders.ts fullScaleSet)
  const p = prepare(set, cfg);
  let warm: ToxicnResults["warm"] = null;
  if (cfg.warm) {
    p.warm = await warmStart(assets, cfg.model, cfg.descChars, cfg.warm, cfg.seed);
    const { params: _params, ...probe } = p.warm;
    warm = probe;
    log(`InfoNCE warm start of the image tower: ${probe.steps} steps on ${probe.pool} emoji, loss ${probe.loss[0].toFixed(2)} → ${probe.loss[1].toFixed(2)}, picture → own d_img retrieval ${probe.retrieval.toFixed(1)} % (before ${probe.retrievalInit.toFixed(1)} %, chance ${probe.chance.toFixed(1)} %)`);
  }
  const main = await runMain(p, cfg, log);
  const noise = await runNoise(p, cfg, log);
  const ablation = await runAblation(p, cfg, log);
  for (const t of p.warm?.params.values() ?? []) t.dispose();
  return { main, noise, ablation, warm, ceiling: latentCeiling(set), stats: datasetStats(set), seeds: seedList(cfg.seed, cfg.seeds), wallMs: Date.now() - t0 };
}

/** Runs of the main table for one model and task, in seed order. */
export function runsOf(rows: readonly RunResult[], kind: string, task: 1 | 2): RunResult[] {
  return rows.filter((r) => r.spec.kind === kind && r.spec.task === task && r.spec.rho === 0 && r.spec.style === "free" && r.spec.dImg === 1 && r.spec.dTxt && r.spec.fusion === "sum").sort((a, b) => a.spec.seed - b.spec.seed);
}

/** Summary rows of the main table: mean and sd over seeds of macro P/R/F1, F1_harm, and the code's swapped P/R. */
export function summarizeMain(rows: readonly RunResult[]): { model: string; task: number; n: number; p: number; r: number; f1: number; f1Sd: number; f1Harm: number; codeP: number; codeR: number }[] {
  const out = [];
  for (const task of [1, 2] as const)
    for (const kind of ["text", "image", "concat", "mke"]) {
      const rs = runsOf(rows, kind, task);
      if (!rs.length) continue;
      const m = (f: (r: RunResult) => number): number => rs.reduce((s, r) => s + f(r), 0) / rs.length;
      const f1 = m((r) => r.test.f1);
      out.push({ model: kind === "mke" ? "MKE" : kind, task, n: rs.length, p: m((r) => r.test.p), r: m((r) => r.test.r), f1, f1Sd: Math.sqrt(m((r) => (r.test.f1 - f1) ** 2) * (rs.length / Math.max(rs.length - 1, 1))), f1Harm: m((r) => r.test.f1Harm), codeP: m((r) => r.test.codeP), codeR: m((r) => r.test.codeR) });
    }
  return out;
}
