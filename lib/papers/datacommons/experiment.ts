/**
 * The experiments, one function each, on the typed config:
 * - `lmRun` (one LM seed): train the local LM; base (its own number) vs RIG vs RIG + validation claim accuracy; the
 *   share of `__DC__` calls that parse to the asked fact; coverage / precision while hiding variables (C1, D5); the
 *   5 % flag's recall and false flags with reasons (C3); table copy rate (C5's regime); the RAG questions it writes
 *   (vs the templates, `ragQuestionRun`); the error breakdown; D1.
 * - `thresholdSweep` (C2, D3), `retrieverPrecision` (C4): the DC stand-in alone, on generated questions.
 * - `simulatedRig`, `simulatedRag` (D2's simulated panel, D4): the SimulatedLLM, labelled so.
 * Claim accuracy: |value − gold| / |gold| ≤ 1 % (5 % also recorded).
 */
import { Rng } from "../../core/train/seed";
import { functionLLM, type LLM } from "../../llm/llm";
import type { DatacommonsConfig } from "./config";
import { factsOf, loadStore, pointQuestions, popularity, questionOf, statedValue, weightedDraws, type Fact } from "./data";
import { LocalDataCommons, type DataCommons, type DataCommonsCall } from "./dc";
import { trainEncoder, type TrainedEncoder } from "./encoder";
import type { EndpointResult } from "./endpoint";
import { disposeLM, otherPlace, questionModel, RAG_KINDS, ragQuery, seriesIndex, tableExample, templateQuestioner, trainLocalLM } from "./lm";
import { parse } from "./parse";
import { isLegalQuestion, ragFlow, ragRetrieve } from "./rag";
import { bestVariable, makeScorer } from "./retrieve";
import { extractCalls, flagValue, parseNumber, rigFlow, type RigResult } from "./rig";
import { SimulatedLLM } from "./simulated";
import type { LocalStore } from "./store";

export const within = (x: number | null, gold: number, tol = 0.01) => x !== null && Number.isFinite(x) && Math.abs(x - gold) <= tol * Math.abs(gold);

export interface World {
  store: LocalStore;
  facts: Fact[];
}

export async function makeWorld(cfg: DatacommonsConfig, store?: LocalStore): Promise<World> {
  const s = store ?? (await loadStore());
  return { store: s, facts: factsOf(s, cfg.facts) };
}

/** Variables hidden at share h (the first round(h · k) of a seeded shuffle of the k fact variables). */
export function hiddenVariables(vars: readonly string[], h: number, seed: number): string[] {
  return new Rng(seed).fork("hidden").shuffle(vars.slice()).slice(0, Math.round(h * vars.length));
}

export interface CoverageRow {
  seed: number;
  hidden: number;
  accuracy: number;
  coverage: number;
  precision: number;
  base: number;
  /** C1: coverage × precision + (1 − coverage) × base. */
  predicted: number;
}

export interface LMRunResult {
  seed: number;
  base: number;
  base5: number;
  rig: number;
  rigValidated: number;
  /** Share of questions whose first `__DC__` call parses to the asked (variable, place, year). */
  parseRate: number;
  coverage: CoverageRow[];
  flags: { recall: number; offCount: number; falseFlagRate: number; closeCount: number; reasons: Record<string, number> };
  tableCopy: number;
  /** RAG questions written by the LM vs by the templates (same queries), through DC table mode. */
  ragQuestions: RagQuestionStats;
  errors: Record<string, number>;
  d1: { question: string; text: string; footnotes: string[] } | null;
  train: { steps: number; wallMs: number; msPerStep: number; finalLoss: number; params: number; cpuMs: number };
}

export interface RagQuestionStats {
  n: number;
  /** Share of the LM's (deduplicated) questions in a legal form. */
  legal: number;
  /** Share of queries where the LM wrote exactly the templated questions (case-insensitive). */
  exact: number;
  /** Mean questions per query after dedupe and cap; lines dropped as duplicates (all queries). */
  perQuery: number;
  duplicates: number;
  /** Share of queries whose tables cover the asked metric for every asked place: LM's questions, templated ones. */
  tableHit: number;
  tableHitTemplate: number;
  /** One example: query, the LM's questions. */
  example: { query: string; questions: string[] } | null;
}

/** RAG question generation: the LM (through `questionModel`) vs the templates on `n` popularity-drawn queries. */
export async function ragQuestionRun(llm: LLM, w: World, dc: DataCommons, n: number, zipf: number, seed: number): Promise<RagQuestionStats> {
  const rng = new Rng(seed).fork("rag-questions");
  const qm = questionModel(llm);
  const draws = weightedDraws(popularity(w.facts, zipf), n, rng).map((i) => w.facts[i]);
  let legal = 0, total = 0, exact = 0, dup = 0, hit = 0, hitT = 0;
  let example: RagQuestionStats["example"] = null;
  const covers = (blocks: Awaited<ReturnType<typeof ragRetrieve>>["blocks"], varId: string, places: string[]) =>
    places.every((p) => blocks.some((b) => b.call.variable === varId && (b.call.places ?? []).includes(p)));
  for (let i = 0; i < draws.length; i++) {
    const f = draws[i];
    const q = ragQuery(RAG_KINDS[i % RAG_KINDS.length], f, otherPlace(f, w.facts, rng));
    const mine = await ragRetrieve(q.query, qm, dc);
    const tmpl = await ragRetrieve(q.query, templateQuestioner, dc);
    example ??= { query: q.query, questions: mine.questions };
    total += mine.questions.length;
    legal += mine.questions.filter(isLegalQuestion).length;
    dup += mine.rawLines - mine.questions.length;
    exact += mine.questions.map((x) => x.toLowerCase()).join("\n") === q.questions.map((x) => x.toLowerCase()).join("\n") ? 1 : 0;
    hit += covers(mine.blocks, f.varId, q.places) ? 1 : 0;
    hitT += covers(tmpl.blocks, f.varId, q.places) ? 1 : 0;
  }
  const m = Math.max(1, draws.length);
  return { n: draws.length, legal: total ? legal / total : NaN, exact: exact / m, perQuery: total / m, duplicates: dup, tableHit: hit / m, tableHitTemplate: hitT / m, example };
}

const finalValue = (r: RigResult): number | null => {
  const c = r.calls[0];
  if (!c) return null;
  return c.val ? Number(c.val) : parseNumber(c.guess);
};

/** One LM seed end to end. */
export async function lmRun(cfg: DatacommonsConfig, w: World, seed: number): Promise<LMRunResult> {
  const cpu0 = process.cpuUsage();
  const t = await trainLocalLM(w.facts, cfg.lm, seed);
  const cpu = process.cpuUsage(cpu0);
  const scorer = makeScorer("tfidf", w.store);
  const test = weightedDraws(popularity(w.facts, cfg.facts.zipf), cfg.questions, new Rng(seed).fork("test-questions")).map((i) => w.facts[i]);
  // Each question is answered once; the flows below replay the answer (a cache in front of the LM).
  const raw = new Map<string, string>();
  for (const f of test) if (!raw.has(questionOf(f))) raw.set(questionOf(f), await t.llm.generate(questionOf(f)));
  const cached = functionLLM(t.llm.name, (p) => raw.get(p) ?? t.llm.generate(p));
  let base = 0, base5 = 0, parsed = 0;
  for (const f of test) {
    const c = extractCalls(raw.get(questionOf(f)) ?? "")[0];
    const g = c ? parseNumber(c.guess) : null;
    base += within(g, f.value) ? 1 : 0;
    base5 += within(g, f.value, 0.05) ? 1 : 0;
    if (c) {
      const p = parse(c.question, w.store);
      const v = bestVariable(scorer, w.store.variables, p.rest);
      if (p.places[0]?.id === f.placeId && p.date === f.year && v?.variable.id === f.varId) parsed++;
    }
  }
  const n = test.length;
  const coverage: CoverageRow[] = [];
  let rig = 0, rigValidated = 0;
  let d1: LMRunResult["d1"] = null;
  const reasons: Record<string, number> = { date: 0, variable: 0, place: 0, value: 0 };
  const errors: Record<string, number> = { "no call": 0, "bad question": 0, "DC empty, guess wrong": 0, "DC value wrong": 0 };
  let off = 0, offFlagged = 0, close = 0, closeFlagged = 0;
  for (const h of cfg.hidden) {
    const hiddenStore = w.store.without(hiddenVariables(cfg.facts.variables, h, seed));
    // The scorer indexes the variables of the store it serves (hidden variables are not in its index).
    const dc = new LocalDataCommons(hiddenStore, { scorer: h === 0 ? scorer : makeScorer("tfidf", hiddenStore) });
    let acc = 0, cov = 0, prec = 0;
    for (const f of test) {
      const r = await rigFlow(questionOf(f), cached, dc);
      const c: (DataCommonsCall & { guess: string; flagged: boolean }) | undefined = r.calls[0];
      const ok = within(finalValue(r), f.value);
      acc += ok ? 1 : 0;
      if (c?.val) {
        cov++;
        prec += within(Number(c.val), f.value) ? 1 : 0;
      }
      if (h !== 0) continue;
      rig += ok ? 1 : 0;
      if (!d1 && c?.val) d1 = { question: questionOf(f), text: r.text, footnotes: r.footnotes };
      const g = c ? parseNumber(c.guess) : null;
      if (c?.val && g !== null) {
        const flagged = flagValue(c.val, c.guess);
        if (!within(g, f.value, 0.1)) (off++, (offFlagged += flagged ? 1 : 0));
        if (within(g, f.value, 0.05)) {
          close++;
          if (flagged) {
            closeFlagged++;
            reasons[c.date !== f.year ? "date" : c.variable !== f.varId ? "variable" : c.places?.[0] !== f.placeId ? "place" : "value"]++;
          }
        }
      }
      if (!ok) {
        if (!c) errors["no call"]++;
        else if (!c.val && c.variable && c.variable !== f.varId) errors["bad question"]++;
        else if (!c.val) errors["DC empty, guess wrong"]++;
        else errors["DC value wrong"]++;
      }
      const v = await rigFlow(questionOf(f), cached, dc, { validate: true, validator: t.validator });
      rigValidated += within(finalValue(v), f.value) ? 1 : 0;
    }
    const row = { seed, hidden: h, accuracy: acc / n, coverage: cov / n, precision: cov ? prec / cov : 0, base: base / n };
    coverage.push({ ...row, predicted: row.coverage * row.precision + (1 - row.coverage) * row.base });
  }
  // Table copy: the asked year's number from a "Table 1" block.
  const rng = new Rng(seed).fork("table-questions");
  const series = seriesIndex(w.facts);
  let copied = 0;
  const tq = weightedDraws(popularity(w.facts, cfg.facts.zipf), cfg.tableQuestions, rng).map((i) => w.facts[i]);
  for (const f of tq) {
    const ex = tableExample(f, series.get(`${f.varId}@${f.placeId}`) ?? [f], cfg.lm.tableRows, rng);
    copied += within(parseNumber(await t.llm.generate(ex.prompt)), parseNumber(statedValue(f)) ?? NaN, 1e-6) ? 1 : 0;
  }
  const ragQuestions = await ragQuestionRun(t.llm, w, new LocalDataCommons(w.store, { scorer }), cfg.ragQueries, cfg.facts.zipf, seed);
  disposeLM(t);
  return {
    seed, base: base / n, base5: base5 / n, rig: rig / n, rigValidated: rigValidated / n, parseRate: parsed / n, coverage,
    flags: { recall: off ? offFlagged / off : NaN, offCount: off, falseFlagRate: close ? closeFlagged / close : NaN, closeCount: close, reasons },
    tableCopy: tq.length ? copied / tq.length : NaN, ragQuestions, errors, d1,
    train: { steps: t.steps, wallMs: t.wallMs, msPerStep: t.msPerStep, finalLoss: t.finalLoss, params: t.params, cpuMs: (cpu.user + cpu.system) / 1000 },
  };
}

export interface SweepRow {
  scorer: string;
  tau: number;
  coverage: number;
  precision: number;
}

/** The scorers of the config that can run: "encoder" only with a trained encoder. */
const scorersOf = (cfg: DatacommonsConfig, enc?: TrainedEncoder) => cfg.scorers.filter((n) => n !== "encoder" || enc);

/** C2 / D3: coverage and precision of DC point mode as τ varies, per scorer (no LM). */
export async function thresholdSweep(cfg: DatacommonsConfig, w: World, enc?: TrainedEncoder): Promise<SweepRow[]> {
  const qs = pointQuestions(w.store, w.facts, cfg.retrieval.questions, cfg.retrieval, cfg.seed);
  const rows: SweepRow[] = [];
  for (const name of scorersOf(cfg, enc)) {
    const scorer = makeScorer(name, w.store, { encoder: enc?.scorer });
    for (const tau of cfg.taus) {
      const dc = new LocalDataCommons(w.store, { scorer, tauPoint: tau });
      let answered = 0, right = 0;
      for (const q of qs) {
        const r = await dc.point(q.text);
        if (!r.val) continue;
        answered++;
        right += r.variable === q.varId && r.places?.[0] === q.placeId && r.date === q.year ? 1 : 0;
      }
      rows.push({ scorer: name, tau, coverage: answered / qs.length, precision: answered ? right / answered : NaN });
    }
  }
  return rows;
}

export interface PrecisionRow {
  scorer: string;
  kind: string;
  p1: number;
  n: number;
}

/** C4: precision@1 of the variable on index wordings vs reworded / misspelt metrics (every question paraphrased). */
export async function retrieverPrecision(cfg: DatacommonsConfig, w: World, enc?: TrainedEncoder): Promise<PrecisionRow[]> {
  const qs = pointQuestions(w.store, w.facts, cfg.paraphrases, { pPara: 0.75, unanswerable: 0 }, cfg.seed + 1);
  const rows: PrecisionRow[] = [];
  for (const name of scorersOf(cfg, enc)) {
    const scorer = makeScorer(name, w.store, { encoder: enc?.scorer });
    for (const kind of ["index", "paraphrased"]) {
      const sel = qs.filter((q) => (kind === "index" ? q.kind === "index" : q.kind === "reworded" || q.kind === "typo"));
      let right = 0;
      for (const q of sel) {
        const s = scorer.score(parse(q.text, w.store).rest);
        const top = Math.max(...s);
        // A tie at the top (e.g. all zero) is not a retrieval.
        right += s.filter((x) => x === top).length === 1 && w.store.variables[s.indexOf(top)].id === q.varId ? 1 : 0;
      }
      rows.push({ scorer: name, kind, p1: sel.length ? right / sel.length : NaN, n: sel.length });
    }
  }
  return rows;
}

export interface SimRow {
  pKnow: number;
  pPara: number;
  system: "base" | "RIG" | "RIG + validation";
  accuracy: number;
}

/** D2's simulated panel: base / RIG / RIG + validation for each p_know and p_para (SimulatedLLM). */
export async function simulatedRig(cfg: DatacommonsConfig, w: World): Promise<SimRow[]> {
  const test = weightedDraws(popularity(w.facts, cfg.facts.zipf), cfg.simulated.questions, new Rng(cfg.seed).fork("sim-questions")).map((i) => w.facts[i]);
  const dc = new LocalDataCommons(w.store, { scorer: makeScorer("tfidf", w.store) });
  const rows: SimRow[] = [];
  for (const pKnow of cfg.simulated.pKnow) {
    for (const pPara of cfg.simulated.pPara) {
      const llm = new SimulatedLLM(w.store, { pKnow, pPara, pInf: cfg.simulated.pInf, seed: cfg.seed });
      const acc = { base: 0, RIG: 0, "RIG + validation": 0 };
      for (const f of test) {
        const r = await rigFlow(questionOf(f), llm, dc);
        acc.base += within(parseNumber(r.calls[0]?.guess ?? ""), f.value) ? 1 : 0;
        acc.RIG += within(finalValue(r), f.value) ? 1 : 0;
        acc["RIG + validation"] += within(finalValue(await rigFlow(questionOf(f), llm, dc, { validate: true })), f.value) ? 1 : 0;
      }
      for (const system of ["base", "RIG", "RIG + validation"] as const) rows.push({ pKnow, pPara, system, accuracy: acc[system] / test.length });
    }
  }
  return rows;
}

export interface RagRow {
  kind: "copied" | "inferred";
  correct: number;
  n: number;
}

/** D4 (simulated, error rate injected): RAG numbers copied from tables vs inferred growth claims. */
export async function simulatedRag(cfg: DatacommonsConfig, w: World): Promise<{ rows: RagRow[]; noAnswer: number }> {
  const rng = new Rng(cfg.seed).fork("rag-queries");
  const dc = new LocalDataCommons(w.store, { scorer: makeScorer("tfidf", w.store) });
  const llm = new SimulatedLLM(w.store, { pKnow: 0.15, pPara: 0, pInf: cfg.simulated.pInf, seed: cfg.seed });
  // The question model is templated here (the LM's own questions are measured per seed in `ragQuestionRun`).
  const questioner = templateQuestioner;
  let copiedOk = 0, copiedN = 0, infOk = 0, infN = 0, noAnswer = 0;
  for (let i = 0; i < cfg.simulated.ragQueries; i++) {
    const f = w.facts[rng.int(w.facts.length)];
    const growth = i % 2 === 1;
    const query = growth ? `how has the ${f.metric} changed over time in ${f.place.toLowerCase()}?` : questionOf(f);
    const r = await ragFlow(query, questioner, dc, { answerer: llm });
    noAnswer += r.noAnswer ? 1 : 0;
    const x = parseNumber(r.answer.replace(/\[Table \d+\]/g, ""));
    if (!growth) {
      copiedN++;
      copiedOk += within(x, f.value) ? 1 : 0;
    } else {
      const s = w.store.seriesOf(f.varId, f.placeId);
      const truth = (100 * (s[s.length - 1][1] - s[0][1])) / s[0][1];
      infN++;
      infOk += within(x, truth, 0.01) || Math.abs((x ?? NaN) - truth) < 0.051 ? 1 : 0;
    }
  }
  return { rows: [{ kind: "copied", correct: copiedN ? copiedOk / copiedN : NaN, n: copiedN }, { kind: "inferred", correct: infN ? infOk / infN : NaN, n: infN }], noAnswer: noAnswer / cfg.simulated.ragQueries };
}

/** What the encoder's training did (the scorer itself is not part of the results). */
export interface EncoderSummary {
  steps: number;
  loss: [number, number];
  /** ln V: InfoNCE at chance over the V variables of a step. */
  chanceLoss: number;
  cpuMs: number;
  params: number;
}

/** Trains the config's encoder on the world's store (seed `cfg.seed`) and summarises it. */
export async function encoderRun(cfg: DatacommonsConfig, w: World): Promise<{ encoder: TrainedEncoder; summary: EncoderSummary }> {
  const e = await trainEncoder(w.store, cfg.encoder, cfg.seed);
  return { encoder: e, summary: { steps: e.steps, loss: e.loss, chanceLoss: Math.log(w.store.variables.length), cpuMs: e.cpuMs, params: e.params } };
}

/** Everything the notebook and claims read. */
export interface DatacommonsResults {
  lm: LMRunResult[];
  encoder?: EncoderSummary;
  /** Full scale only: the flows against an OpenAI-compatible endpoint (endpoint.ts). */
  endpoint?: EndpointResult;
  sweep: SweepRow[];
  precision: PrecisionRow[];
  simRig: SimRow[];
  simRag: { rows: RagRow[]; noAnswer: number };
}

/** All experiments at a config (LM seeds seed … seed + seeds − 1). */
export async function runAll(cfg: DatacommonsConfig, w?: World): Promise<DatacommonsResults> {
  const world = w ?? (await makeWorld(cfg));
  const lm: LMRunResult[] = [];
  for (let s = 0; s < cfg.seeds; s++) lm.push(await lmRun(cfg, world, cfg.seed + s));
  const enc = cfg.scorers.includes("encoder") ? await encoderRun(cfg, world) : undefined;
  return { lm, encoder: enc?.summary, sweep: await thresholdSweep(cfg, world, enc?.encoder), precision: await retrieverPrecision(cfg, world, enc?.encoder), simRig: await simulatedRig(cfg, world), simRag: await simulatedRag(cfg, world) };
}

