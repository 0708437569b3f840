/**
 * RIG — Retrieval Interleaved Generation (paper §3; flow and formats as in `data_gemma`'s rig.py, rewritten here).
 * The model writes `[__DC__("<question>") --> "<its guess>"]` wherever it states a statistic; each distinct question
 * goes to DC point mode; each call is rewritten in place:
 *   DC value v found:   `v [n] || guess`, with `*` after the footnote marker when |v − g| / g > 5 % (g = guess)
 *   DC empty:           `|| guess`
 *   guess empty:        `v [n] ||`, or `--- || ---` when DC is empty too
 * and wrapped as `[__DC__#k(…)]`. Footnote n: "Per SRC, value was V UNIT in DATE. See more at URL".
 */
import type { LLM } from "../../llm";
import { emptyCall, footnote, valAndUnit, type DataCommons, type DataCommonsCall } from "./dc";

/** The call pattern of the card (data_gemma's `_DC_PATTERN`): group 1 the question, group 2 the guess. */
export const DC_PATTERN = /\[__DC__\("([^"]+)"\) --> "([^"]*)"\]?/g;

/** Relative gap beyond which a DC value is flagged against the model's guess. */
export const FLAG_THRESHOLD = 0.05;

export interface DcCallText {
  /** The exact matched text. */
  span: string;
  question: string;
  guess: string;
}

/** All `__DC__` calls of a text, in order. */
export function extractCalls(text: string): DcCallText[] {
  return [...text.matchAll(DC_PATTERN)].map((m) => ({ span: m[0], question: m[1], guess: m[2] }));
}

const SCALE: Array<[RegExp, number]> = [
  [/\btrillion\b/i, 1e12],
  [/\bbillion\b/i, 1e9],
  [/\bmillion\b/i, 1e6],
  [/\bthousand\b/i, 1e3],
];

/**
 * A model's number: digits (commas dropped) times million/billion/trillion/thousand; "%" is dropped (12.3 % → 12.3,
 * the unit the DC value is also in). Null when the text holds no number.
 */
export function parseNumber(text: string): number | null {
  const m = /-?\d[\d,]*(?:\.\d+)?|-?\.\d+/.exec(text);
  if (!m) return null;
  let x = Number(m[0].replace(/,/g, ""));
  if (!Number.isFinite(x)) return null;
  for (const [re, f] of SCALE) {
    if (re.test(text)) {
      x *= f;
      break;
    }
  }
  return x;
}

/** Relative gap (v − g) / g of the DC value v against the guess g; 1 (100 %) when g = 0; null when unparsable. */
export function relativeGap(dcValue: string | number, guess: string): number | null {
  const v = typeof dcValue === "number" ? dcValue : Number(dcValue);
  const g = parseNumber(guess);
  if (g === null || !Number.isFinite(v)) return null;
  return g === 0 ? 1 : (v - g) / g;
}

/** True when DC and the guess differ by more than ±5 % of the guess (never for unparsable text). */
export function flagValue(dcValue: string | number, guess: string): boolean {
  const gap = relativeGap(dcValue, guess);
  return gap !== null && Math.abs(gap) > FLAG_THRESHOLD;
}

/** A number as a model states it: "39.5 million", "1.2 billion", "78.5", "0.0034" (3 significant digits). */
export function formatHuman(x: number): string {
  const a = Math.abs(x);
  const sig = (y: number) => String(Number(y.toPrecision(3)));
  if (a >= 1e12) return `${sig(x / 1e12)} trillion`;
  if (a >= 1e9) return `${sig(x / 1e9)} billion`;
  if (a >= 1e6) return `${sig(x / 1e6)} million`;
  return sig(x);
}

/** A call as the model writes it. */
export const dcCall = (question: string, guess: string) => `[__DC__("${question}") --> "${guess}"]`;

export interface RigCall extends DataCommonsCall {
  /** The model's own value for this call. */
  guess: string;
  flagged: boolean;
}

export interface RigRewrite {
  text: string;
  footnotes: string[];
  calls: RigCall[];
}

/** Rewrites every call of `text` with its DC answer (see the file header for the formats). */
export function rewrite(text: string, answers: ReadonlyMap<string, DataCommonsCall>): RigRewrite {
  const footIdx = new Map<string, number>();
  const footnotes: string[] = [];
  const calls: RigCall[] = [];
  let out = text;
  for (const c of extractCalls(text)) {
    const resp = answers.get(c.question) ?? emptyCall(c.question);
    const dcval = valAndUnit(resp);
    let n = -1;
    if (dcval) {
      if (!footIdx.has(c.question)) {
        footIdx.set(c.question, footnotes.length + 1);
        footnotes.push(`[${footnotes.length + 1}] - ${footnote(resp)}`);
      }
      n = footIdx.get(c.question) as number;
    }
    const flagged = Boolean(dcval && c.guess && flagValue(resp.val, c.guess));
    const body = !c.guess ? (dcval ? `${dcval} [${n}] ||` : "--- || ---") : dcval ? `${dcval} [${n}]${flagged ? "*" : ""} || ${c.guess}` : `|| ${c.guess}`;
    const id = calls.length + 1;
    out = out.replace(c.span, () => `[__DC__#${id}(${body})]`);
    calls.push({ ...resp, id, guess: c.guess, flagged });
  }
  return { text: out, footnotes, calls };
}

/** The validation prompt: numbered (question, DC title) pairs; the model lists the ids of the relevant ones. */
export function validationPrompt(pairs: ReadonlyArray<{ question: string; title: string }>): string {
  const body = pairs.map((p, i) => `[[QA${i + 1}]]:\n  Question: ${p.question}\n  Answer: ${p.title}`).join("\n");
  return (
    "Below are questions and the title of the statistic a database returned for each. List, one per line, the ids " +
    "(like [[QA1]]) of the pairs where the statistic answers the question (same metric and place). List nothing else.\n\n" +
    body
  );
}

/** Ids kept by the validator's reply (lines exactly "[[QAi]]"), as 0-based indices into the pairs. */
export function parseValidation(reply: string, n: number): Set<number> {
  const keep = new Set<number>();
  for (const line of reply.trim().split("\n")) {
    const m = /^\[\[QA(\d+)\]\]$/.exec(line.trim());
    if (m && Number(m[1]) >= 1 && Number(m[1]) <= n) keep.add(Number(m[1]) - 1);
  }
  return keep;
}

/** The in-context annotator prompt: a few-shot instruction to wrap the statistics of `text` in `__DC__` calls. */
export function annotatorPrompt(text: string): string {
  return (
    "Rewrite the text, wrapping every statistic in a Data Commons call that names the metric, the place and the date, " +
    `in the form ${dcCall("what was the population of France in 2000?", "59 million")}. Change nothing else.\n\n` +
    `Example: France had 59 million people in 2000.\nRewritten: France had ${dcCall("what was the population of France in 2000?", "59 million")} people in 2000.\n\n` +
    `Text: ${text}\nRewritten:`
  );
}

export interface RigOptions {
  /** Ask the model which DC answers are relevant before rewriting (data_gemma's validate_dc_responses). */
  validate?: boolean;
  /** In-context variant: `llm` is an untuned model and `annotator` adds the calls. */
  annotator?: LLM;
  /** Model asked the validation prompt (default `llm`). */
  validator?: LLM;
}

export interface RigResult extends RigRewrite {
  /** The model's raw text (with the calls). */
  raw: string;
  llmCalls: number;
  dcCalls: number;
}

/** The RIG flow: model answer → DC point calls → optional validation → rewrite. */
export async function rigFlow(query: string, llm: LLM, dc: DataCommons, o: RigOptions = {}): Promise<RigResult> {
  let raw = await llm.generate(query);
  let llmCalls = 1;
  if (o.annotator && raw) {
    raw = await o.annotator.generate(annotatorPrompt(raw));
    llmCalls++;
  }
  const questions = [...new Set(extractCalls(raw).map((c) => c.question))];
  const answers = new Map<string, DataCommonsCall>();
  for (const q of questions) answers.set(q, await dc.point(q));
  if (o.validate) {
    const pairs = questions.filter((q) => answers.get(q)?.title).map((q) => ({ question: q, title: (answers.get(q) as DataCommonsCall).title }));
    if (pairs.length) {
      const keep = parseValidation(await (o.validator ?? llm).generate(validationPrompt(pairs)), pairs.length);
      llmCalls++;
      pairs.forEach((p, i) => {
        if (!keep.has(i)) answers.set(p.question, emptyCall(p.question));
      });
    }
  }
  return { ...rewrite(raw, answers), raw, llmCalls, dcCalls: questions.length };
}
