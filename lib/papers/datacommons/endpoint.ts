/**
 * Full scale (card §7): the same RIG and RAG flows against a user's OpenAI-compatible endpoint (`lab.llm.llmFromEnv()`:
 * llama.cpp or vLLM serving DataGemma-RIG/RAG or Gemma weights they have) and a Data Commons backend (the real NL
 * service, `DataCommonsStore`, or the local stand-in). Questions are the default run's popularity-weighted questions
 * and RAG queries, so the numbers sit next to the LocalLM's. Gold values are the local store's (gapminder snapshots
 * to 2016): Data Commons' current values can differ, so `dcAgreesGold` says how often DC and the snapshot agree.
 * Never run in tests against the network (tests use a mock endpoint on 127.0.0.1 and the local store).
 */
import { Rng } from "../../core/train/seed";
import type { LLM } from "../../llm/llm";
import type { DatacommonsConfig } from "./config";
import { popularity, questionOf, weightedDraws } from "./data";
import type { DataCommons } from "./dc";
import { within, type World } from "./experiment";
import { otherPlace, RAG_KINDS, ragQuery } from "./lm";
import { citations, isLegalQuestion, ragFlow } from "./rag";
import { parseNumber, rigFlow } from "./rig";

export interface EndpointResult {
  llm: string;
  n: number;
  /** Share of answers with at least one `__DC__` call. */
  callRate: number;
  /** The model's own number (first call's guess) within 1 % / 5 % of the store's gold. */
  base: number;
  base5: number;
  /** Share of questions whose first call DC answered (coverage), and the RIG value within 1 % / 5 % of gold. */
  coverage: number;
  rig: number;
  rig5: number;
  /** Share of answered calls flagged (gap beyond ±5 % of the guess); share of answered calls within 5 % of gold. */
  flagRate: number;
  dcAgreesGold: number;
  rag: {
    n: number;
    questionsPerQuery: number;
    legal: number;
    tablesPerQuery: number;
    noAnswer: number;
    fellBack: number;
    /** Share of table-grounded answers citing [Table i]; share of their numbers found in a cited table (±0.5 %). */
    cites: number;
    copiedInTable: number;
  };
  example: { question: string; text: string; footnotes: string[] } | null;
  llmCalls: number;
  dcCalls: number;
}

/** Numbers written in a text (commas dropped; "million" etc. scaled by `parseNumber`). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion))?/gi)].map((m) => parseNumber(m[0])).filter((x): x is number => x !== null);
}

/** RIG and RAG of `llm` over `dc` on the config's questions (seeded by `cfg.seed`). */
export async function endpointRun(cfg: DatacommonsConfig, w: World, llm: LLM, dc: DataCommons, o: { annotator?: LLM } = {}): Promise<EndpointResult> {
  const rng = new Rng(cfg.seed).fork("endpoint-questions");
  const test = weightedDraws(popularity(w.facts, cfg.facts.zipf), cfg.questions, rng).map((i) => w.facts[i]);
  let called = 0, base = 0, base5 = 0, cov = 0, rig = 0, rig5 = 0, flagged = 0, agree = 0, llmCalls = 0, dcCalls = 0;
  let example: EndpointResult["example"] = null;
  for (const f of test) {
    const r = await rigFlow(questionOf(f), llm, dc, { annotator: o.annotator });
    llmCalls += r.llmCalls;
    dcCalls += r.dcCalls;
    const c = r.calls[0];
    if (!c) continue;
    called++;
    const g = parseNumber(c.guess);
    base += within(g, f.value) ? 1 : 0;
    base5 += within(g, f.value, 0.05) ? 1 : 0;
    const v = c.val ? Number(c.val) : g;
    rig += within(v, f.value) ? 1 : 0;
    rig5 += within(v, f.value, 0.05) ? 1 : 0;
    if (c.val) {
      cov++;
      flagged += c.flagged ? 1 : 0;
      agree += within(Number(c.val), f.value, 0.05) ? 1 : 0;
      example ??= { question: questionOf(f), text: r.text, footnotes: r.footnotes };
    }
  }
  let qs = 0, legal = 0, tables = 0, noAnswer = 0, fellBack = 0, grounded = 0, cites = 0, nums = 0, inTable = 0;
  const rq = weightedDraws(popularity(w.facts, cfg.facts.zipf), cfg.ragQueries, rng).map((i) => w.facts[i]);
  for (let i = 0; i < rq.length; i++) {
    const q = ragQuery(RAG_KINDS[i % RAG_KINDS.length], rq[i], otherPlace(rq[i], w.facts, rng));
    const r = await ragFlow(q.query, llm, dc);
    llmCalls += r.llmCalls;
    dcCalls += r.calls.length;
    qs += r.questions.length;
    legal += r.questions.filter(isLegalQuestion).length;
    tables += r.blocks.length;
    noAnswer += r.noAnswer ? 1 : 0;
    fellBack += r.fellBack ? 1 : 0;
    if (r.fellBack) continue;
    grounded++;
    const cited = citations(r.answer).map((k) => r.blocks[k - 1]).filter(Boolean);
    cites += cited.length ? 1 : 0;
    const pool = cited.flatMap((b) => numbersIn(b.call.table));
    for (const x of numbersIn(r.answer.replace(/\[Table \d+\]/g, ""))) {
      nums++;
      inTable += pool.some((y) => within(x, y, 0.005)) ? 1 : 0;
    }
  }
  const n = Math.max(1, test.length), m = Math.max(1, rq.length);
  return {
    llm: llm.name, n: test.length, callRate: called / n, base: base / n, base5: base5 / n, coverage: cov / n, rig: rig / n, rig5: rig5 / n,
    flagRate: cov ? flagged / cov : NaN, dcAgreesGold: cov ? agree / cov : NaN,
    rag: { n: rq.length, questionsPerQuery: qs / m, legal: qs ? legal / qs : NaN, tablesPerQuery: tables / m, noAnswer: noAnswer / m, fellBack: fellBack / m, cites: grounded ? cites / grounded : NaN, copiedInTable: nums ? inTable / nums : NaN },
    example, llmCalls, dcCalls,
  };
}
