/**
 * PclGPT's experiments at small scale (card §4–5), one function taking the typed config. Per language one tokenizer
 * and one pre-training run of PclGPT-mini (generic + domain) and of the MLM encoder; per set and seed the SFT variants
 * start from copies of those weights, so the seeds vary the SFT (data order, TII draws, head init) and the from-scratch
 * SFT-only model's init:
 *   PclGPT-mini   PT + SFT (definition, TII on a share of training prompts, never at test)
 *   −TII          PT + SFT without TII                         (the paper's −TII rows)
 *   TII generated PT + SFT, TII reading (b): the LM answers an intensity word, then the label (EN sets; first
 *                 `cfg.tiiGenerated` seeds)
 *   SFT only      SFT from random init                         (C1's comparison)
 *   PT only       the pre-trained LM prompted zero-shot        (the base-LLM rows, C2)
 *   encoder       MLM pre-trained encoder + [CLS] head          (the PLM rows, C4)
 *   (ablations)   −definition; PT on generic text only
 */
import { spearmanRho } from "../../claims/intervals";
import { confusionMatrix } from "../../core/train/metrics";
import type { CausalLM } from "../../llm/causal-lm";
import { apiLlmRows, type ApiRow } from "./api";
import { buildCorpora, type Corpora } from "./corpus";
import { generatePcl, pclHash, type PclItem, type PclSet, type PclSynth } from "./generator";
import { binaryOfGrade, macroScores, type MacroScores } from "./metrics";
import { parseAnswer, promptIds, type Lang } from "./prompt";
import { GROUPS_EN } from "./templates";
import type { PclConfig } from "./config";
import { cloneModel, EncoderClassifier, newModel, predictLM, pretrain, pretrainEncoder, sft, type CurvePoint, type SftVariant } from "./train";

export type SetName = "dpm" | "td" | "cpcl";
export const SET_LABEL: Record<SetName, string> = { dpm: "DPM-like", td: "TD-like", cpcl: "CPCL-like" };
export const MODELS = ["PclGPT-mini", "−TII", "TII generated", "SFT only", "PT only", "encoder", "−definition", "PT generic only"] as const;
export type ModelName = (typeof MODELS)[number];

/** One scored (set, model, seed) cell. */
export interface ScoreRow extends MacroScores {
  set: SetName;
  model: ModelName;
  seed: number;
}

/** Everything the notebook, claims and figures read. */
export interface PclResults {
  seeds: number[];
  hash: string;
  stats: { set: SetName; nTrain: number; nTest: number; positiveRate: number }[];
  coverage: { lang: Lang; vocab: number; generic: number; genericCoverage: number }[];
  rows: ScoreRow[];
  /** DPM-like test: positive-prediction rate per group and model (and the true rate of the test labels). */
  groups: { model: ModelName; group: string; seed: number; rate: number; trueRate: number }[];
  /** DPM-like test: recall of each model on the clean PCL items of grade B (mild), C, D. */
  gradeRecall: { model: ModelName; seed: number; grade: number; recall: number }[];
  /** CPCL-like, PclGPT-mini: 4 × 4 grade confusion summed over seeds (rows = true A–D). */
  gradeConfusion: number[][];
  curves: { lang: Lang; stage: string; step: number; loss: number }[];
  sftSize: { size: number; pt: string; f1: number }[];
  /** API-LLM rows (zero-shot through an OpenAI-compatible endpoint), or "not run" rows without one. */
  api: ApiRow[];
  /** Free greedy generation after the prompt (a few test items, seed 0): share that parses to a label. */
  parseRate: number;
  timing: { wallMs: number; cpuMs: number; ptStepMs: number; sftStepMs: number };
}

const langOf = (s: SetName): Lang => (s === "cpcl" ? "cn" : "en");
const binary = (lang: Lang, cls: number[]) => (lang === "en" ? cls : cls.map(binaryOfGrade));

function score(set: SetName, model: ModelName, seed: number, items: readonly PclItem[], pred: number[]): ScoreRow {
  const lang = langOf(set);
  const truth = items.map((x) => (lang === "en" ? x.label : binaryOfGrade(x.grade)));
  return { set, model, seed, ...macroScores(truth, binary(lang, pred)) };
}

/** Runs every experiment of the config; `log` gets one line per finished cell. */
export async function runPclgpt(cfg: PclConfig, log: (line: string) => void = () => {}): Promise<PclResults> {
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const synth: PclSynth = generatePcl(cfg.seed, cfg.data);
  const seeds = Array.from({ length: cfg.seeds }, (_, i) => cfg.seed + i);
  const res: PclResults = {
    seeds, hash: pclHash(synth), stats: [], coverage: [], rows: [], groups: [], gradeRecall: [], gradeConfusion: [0, 1, 2, 3].map(() => [0, 0, 0, 0]),
    curves: [], sftSize: [], api: [], parseRate: NaN, timing: { wallMs: 0, cpuMs: 0, ptStepMs: NaN, sftStepMs: NaN },
  };
  for (const s of cfg.sets) {
    const set = synth[s];
    res.stats.push({ set: s, nTrain: set.train.length, nTest: set.test.length, positiveRate: set.train.filter((x) => x.label === 1).length / set.train.length });
  }
  const shape = cfg.model;
  for (const lang of ["en", "cn"] as const) {
    const sets = cfg.sets.filter((s) => langOf(s) === lang);
    if (sets.length === 0) continue;
    const corp = await buildCorpora(lang, sets.map((s) => synth[s]), lang === "en" ? synth.domainEn : synth.domainCn, { vocab: lang === "en" ? cfg.vocabEn : cfg.vocabCn, genericMax: cfg.genericMax, maxPieces: shape.context - 2, seed: cfg.seed });
    res.coverage.push({ lang, vocab: corp.tok.size, generic: corp.generic.length, genericCoverage: corp.genericCoverage });
    const tpt = Date.now();
    const lm = newModel(corp, shape, cfg.seed);
    const ptCurve = await pretrain(lm, corp, "generic+domain", cfg.pt, cfg.seed);
    res.timing.ptStepMs = (Date.now() - tpt) / cfg.pt.steps;
    res.curves.push(...ptCurve.map((p) => ({ lang, stage: "PT", ...p })));
    const baselines = lang === "en" || cfg.cnBaselines;
    const enc = baselines ? newModel(corp, { ...shape, causal: false }, cfg.seed) : undefined;
    if (enc) await pretrainEncoder(enc, corp, "generic+domain", cfg.pt, cfg.seed);
    let lmGeneric: CausalLM | undefined;
    if (cfg.ablations) { lmGeneric = newModel(corp, shape, cfg.seed); await pretrain(lmGeneric, corp, "generic", cfg.pt, cfg.seed); }
    log(`${lang}: vocab ${corp.tok.size}, ${corp.generic.length} generic sentences (coverage ${(100 * corp.genericCoverage).toFixed(1)} %), PT ${cfg.pt.steps} steps`);
    for (const s of sets) await runSet(s, synth[s], corp, lm, enc, lmGeneric, cfg, seeds, res, log);
    if (lang === "en" && sets.includes("td") && cfg.sftSizes.length) await sftSizes(synth.td, corp, lm, cfg, res);
    lm.dispose();
    enc?.dispose();
    lmGeneric?.dispose();
  }
  res.api = await apiLlmRows(cfg.sets.map((s) => ({ name: s, set: synth[s] })), { n: cfg.api.n });
  const cpu = process.cpuUsage(cpu0);
  res.timing.wallMs = Date.now() - t0;
  res.timing.cpuMs = (cpu.user + cpu.system) / 1000;
  return res;
}

async function runSet(s: SetName, set: PclSet, corp: Corpora, lm: CausalLM, enc: CausalLM | undefined, lmGeneric: CausalLM | undefined, cfg: PclConfig, seeds: number[], res: PclResults, log: (l: string) => void): Promise<void> {
  const lang = corp.lang;
  const full: SftVariant = { definition: true, tiiRate: cfg.sft.tiiRate };
  const record = (model: ModelName, seed: number, pred: number[]) => {
    const row = score(s, model, seed, set.test, pred);
    res.rows.push(row);
    if (s === "dpm") {
      groupRates(model, seed, set.test, pred, res);
      for (const grade of [1, 2, 3]) {
        const idx = set.test.map((x, i) => (x.grade === grade && x.label === 1 && !x.noisy ? i : -1)).filter((i) => i >= 0);
        if (idx.length) res.gradeRecall.push({ model, seed, grade, recall: idx.filter((i) => pred[i] === 1).length / idx.length });
      }
    }
    log(`${SET_LABEL[s]} seed ${seed} ${model}: macro-F1 ${row.f1.toFixed(1)}`);
  };
  record("PT only", cfg.seed, predictLM(lm, corp, set.test).pred);
  for (const seed of seeds) {
    const variant = async (model: ModelName, start: CausalLM | null, v: SftVariant) => {
      const m = start ? cloneModel(start) : newModel(corp, cfg.model, seed + 1000);
      const t = Date.now();
      const curve = await sft(m, corp, set.train, v, cfg.sft, seed);
      if (model === "PclGPT-mini" && seed === seeds[0]) {
        res.timing.sftStepMs = (Date.now() - t) / cfg.sft.steps;
        res.curves.push(...curve.map((p) => ({ lang, stage: `SFT ${SET_LABEL[s]}`, ...p })));
      }
      const pred = predictLM(m, corp, set.test, v.definition, v.tiiGenerated).pred;
      record(model, seed, pred);
      if (model === "PclGPT-mini" && s === "cpcl") confusionMatrix(set.test.map((x) => x.grade), pred, 4).forEach((r, i) => r.forEach((n, j) => (res.gradeConfusion[i][j] += n)));
      if (model === "PclGPT-mini" && seed === seeds[0] && s !== "cpcl" && Number.isNaN(res.parseRate)) res.parseRate = parseRate(m, corp, set.test.slice(0, 20));
      m.dispose();
    };
    await variant("PclGPT-mini", lm, full);
    await variant("−TII", lm, { ...full, tiiRate: 0 });
    if (lang === "en" && seeds.indexOf(seed) < cfg.tiiGenerated) await variant("TII generated", lm, { ...full, tiiRate: 0, tiiGenerated: true });
    if (enc) await variant("SFT only", null, full);
    if (cfg.ablations) {
      await variant("−definition", lm, { ...full, definition: false });
      if (lmGeneric) await variant("PT generic only", lmGeneric, full);
    }
    if (!enc) continue; // CN baselines cut (cfg.cnBaselines)
    const clf = new EncoderClassifier(cloneModel(enc), lang === "en" ? 2 : 4, seed);
    await clf.fit(corp, set.train, cfg.sft, seed);
    record("encoder", seed, clf.predict(corp, set.test));
    clf.dispose();
  }
}

function groupRates(model: ModelName, seed: number, items: readonly PclItem[], pred: number[], res: PclResults): void {
  GROUPS_EN.forEach((group, g) => {
    const idx = items.map((x, i) => (x.group === g ? i : -1)).filter((i) => i >= 0);
    const n = Math.max(1, idx.length);
    res.groups.push({ model, group, seed, rate: idx.filter((i) => pred[i] === 1).length / n, trueRate: idx.filter((i) => items[i].label === 1).length / n });
  });
}

/** Greedy generation of up to 3 tokens after the prompt, parsed on the continuation only. */
function parseRate(m: CausalLM, corp: Corpora, items: readonly PclItem[]): number {
  let ok = 0;
  for (const x of items) {
    const out = m.generate(promptIds(corp.tok, corp.lang, x.text, { definition: true, tii: null }, m.cfg.context), { maxNew: 3, stop: [corp.tok.eosId] });
    if (parseAnswer(corp.lang, corp.tok.decode(out)) !== null) ok++;
  }
  return ok / items.length;
}

/** fig_sft_size: PclGPT-mini vs SFT only on TD-like with the first n training items (seed = cfg.seed). */
async function sftSizes(set: PclSet, corp: Corpora, lm: CausalLM, cfg: PclConfig, res: PclResults): Promise<void> {
  for (const n of cfg.sftSizes) {
    for (const [pt, start] of [["PT + SFT", lm], ["SFT only", null]] as const) {
      const m = start ? cloneModel(start) : newModel(corp, cfg.model, cfg.seed + 1000);
      await sft(m, corp, set.train.slice(0, n), { definition: true, tiiRate: cfg.sft.tiiRate }, cfg.sft, cfg.seed);
      res.sftSize.push({ size: n, pt, f1: score("td", "PclGPT-mini", cfg.seed, set.test, predictLM(m, corp, set.test).pred).f1 });
      m.dispose();
    }
  }
}

/** Spearman ρ between a model's mean per-group positive-prediction rate and the groups' true test rates. */
export function groupRank(res: PclResults, model: ModelName): number | null {
  const rows = res.groups.filter((g) => g.model === model);
  if (rows.length === 0) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pred = GROUPS_EN.map((g) => mean(rows.filter((r) => r.group === g).map((r) => r.rate)));
  const truth = GROUPS_EN.map((g) => mean(rows.filter((r) => r.group === g).map((r) => r.trueRate)));
  return spearmanRho(pred, truth);
}

