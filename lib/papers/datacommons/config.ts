/**
 * DataGemma (arXiv 2409.13741): the one run config at three scales. smoke: seconds (tests); default: ≤ 5 CPU-minutes
 * on one core (WASM), 3 LM seeds; full: the real Data Commons NL service and an OpenAI-compatible endpoint (needs
 * DC_API_KEY, LLM_BASE_URL, LLM_MODEL; see `requireFullScale`).
 */
import { defineScales } from "../../kit";
import type { FactSpec } from "./data";
import type { EncoderSpec } from "./encoder";
import type { LMSpec } from "./lm";
import { dcMessages as M } from "./messages";

export interface DatacommonsConfig {
  /** Master seed; LM seed s is seed + s. */
  seed: number;
  /** LM seeds (≥ 3 at default for the accuracy claims). */
  seeds: number;
  /** The LM's fact universe (its memory): places × years × variables, Zipf place popularity. */
  facts: FactSpec;
  lm: LMSpec;
  /** Popularity-weighted RIG questions per seed, and table (copy) prompts per seed. */
  questions: number;
  tableQuestions: number;
  /** RAG queries per seed (point / trend / compare in turn) whose questions the LM writes (and the templates, to compare). */
  ragQueries: number;
  /** Shares of the fact variables hidden from the store (coverage sweep of C1 / D5). */
  hidden: number[];
  /** Variable-match thresholds τ of the sweep (C2 / D3) and the scorers compared (C2–C4). */
  taus: number[];
  scorers: string[];
  /** The learned InfoNCE encoder (the "encoder" scorer; encoder.ts), trained once per run from `seed`. */
  encoder: EncoderSpec;
  /** Retrieval question sets (no LM): threshold sweep (p_para, unanswerable share) and paraphrase precision@1. */
  retrieval: { questions: number; pPara: number; unanswerable: number };
  paraphrases: number;
  /** Simulated-LLM sweeps (card §5.3), labelled "simulated": p_know × p_para on RIG, p_inf on RAG. */
  simulated: { pKnow: number[]; pPara: number[]; pInf: number; questions: number; ragQueries: number };
}

const FACTS_DEFAULT: FactSpec = {
  places: 60,
  years: [1960, 1965, 1970, 1975, 1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015],
  variables: ["Count_Person", "LifeExpectancy_Person", "FertilityRate_Person_Female", "Count_Death_Infant_AsFractionOf_Count_BirthEvent_LiveBirth"],
  zipf: 1,
};

const ENCODER_DEFAULT: EncoderSpec = { hashDim: 16384, hidden: 128, dim: 64, steps: 300, lr: 3e-3, tau: 0.1 };

const LM_DEFAULT: LMSpec = {
  dModel: 64, heads: 4, layers: 2, ffn: 256, context: 72, steps: 660, batch: 32, lr: 3e-3, weightDecay: 0.01, zipf: 1,
  mix: { rig: 0.64, table: 0.12, validation: 0.12, ragq: 0.12 }, tableRows: 3, maxVocab: 3000,
};

export const SCALES = defineScales<DatacommonsConfig>("datacommons", {
  smoke: {
    seed: 0,
    seeds: 1,
    facts: { ...FACTS_DEFAULT, places: 8, years: [1980, 2000] },
    lm: { ...LM_DEFAULT, dModel: 32, ffn: 64, heads: 2, steps: 15, batch: 8 },
    questions: 12,
    tableQuestions: 4,
    ragQueries: 6,
    hidden: [0, 0.5],
    taus: [0.5, 0.7, 0.9],
    scorers: ["keyword", "bm25", "tfidf", "encoder"],
    encoder: { ...ENCODER_DEFAULT, hashDim: 4096, steps: 40 },
    retrieval: { questions: 60, pPara: 0.3, unanswerable: 0.2 },
    paraphrases: 60,
    simulated: { pKnow: [0.15], pPara: [0.3], pInf: 0.1, questions: 30, ragQueries: 10 },
  },
  default: {
    seed: 0,
    seeds: 3,
    facts: FACTS_DEFAULT,
    lm: LM_DEFAULT,
    questions: 200,
    tableQuestions: 60,
    ragQueries: 45,
    hidden: [0, 0.25, 0.5, 0.75],
    taus: [0.5, 0.6, 0.7, 0.8, 0.9],
    scorers: ["keyword", "bm25", "tfidf", "encoder"],
    encoder: ENCODER_DEFAULT,
    retrieval: { questions: 400, pPara: 0.3, unanswerable: 0.2 },
    paraphrases: 400,
    simulated: { pKnow: [0.05, 0.15, 0.4], pPara: [0, 0.3, 0.6], pInf: 0.1, questions: 300, ragQueries: 60 },
  },
  full: {
    seed: 0,
    seeds: 3,
    facts: FACTS_DEFAULT,
    lm: LM_DEFAULT,
    questions: 200,
    tableQuestions: 60,
    ragQueries: 45,
    hidden: [0, 0.25, 0.5, 0.75],
    taus: [0.5, 0.6, 0.7, 0.8, 0.9],
    scorers: ["keyword", "bm25", "tfidf", "encoder"],
    encoder: ENCODER_DEFAULT,
    retrieval: { questions: 400, pPara: 0.3, unanswerable: 0.2 },
    paraphrases: 400,
    simulated: { pKnow: [0.05, 0.15, 0.4], pPara: [0, 0.3, 0.6], pInf: 0.1, questions: 300, ragQueries: 60 },
  },
});

/** `--scale full` runs on the real service and endpoint; without their settings it stops with one message. */
export function requireFullScale(env: Record<string, string | undefined> = process.env): { dcKey: string; baseUrl: string; model: string } {
  if (!env.DC_API_KEY || !env.LLM_BASE_URL || !env.LLM_MODEL) throw new Error(M.fullScale());
  return { dcKey: env.DC_API_KEY, baseUrl: env.LLM_BASE_URL, model: env.LLM_MODEL };
}
