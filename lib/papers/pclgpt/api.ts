/**
 * The paper's API-LLM rows (ChatGPT, GPT-4, Claude-3 zero-shot; card §3) as optional rows: a model behind an
 * OpenAI-compatible endpoint (lib/llm's shared client, `LLM_BASE_URL` + `LLM_MODEL`, e.g. a llama.cpp or vLLM server)
 * is prompted zero-shot with our paraphrase of the README's inference prompt (persona, definition, answer format, the
 * text after an arrow) on the first `n` test items of each stand-in set. Its reply is the continuation only (a chat
 * answer), parsed with `parseAnswer` (EN: TRUE, then FALSE; CN: the last A–D letter); an unparseable reply counts as an
 * error: scored as the wrong class, and reported in `parsed`. Without an endpoint every row says how to run it.
 */
import { endpointConfigured, llmFromEnv } from "../../llm/openai";
import type { LLM } from "../../llm/llm";
import type { PclSet } from "./generator";
import { binaryOfGrade, macroScores } from "./metrics";
import { parseAnswer, type Lang } from "./prompt";

/** One API-LLM row: scored, or "not run" with the reason. */
export interface ApiRow {
  set: "dpm" | "td" | "cpcl";
  model: string;
  status: "run" | "not run";
  /** Items sent, and replies that parsed to a label. */
  n: number;
  parsed: number;
  /** Macro P / R / F1 (%), binary (CPCL-like: A vs B–D), NaN when not run. */
  p: number;
  r: number;
  f1: number;
  note: string;
}

export const API_NOT_RUN = "not run (set LLM_BASE_URL and LLM_MODEL to an OpenAI-compatible endpoint, LLM_API_KEY if it needs one)";

/** The zero-shot prompt (our paraphrase of the repository README / `pclgpt_cn.py` prompts, card §2.3). */
export function apiPrompt(lang: Lang, text: string): string {
  if (lang === "en") {
    return "You are a linguist. Patronizing or condescending language shows superiority, belittles people or makes them feel " +
      `inferior or incapable. Is the following text patronizing or condescending? Answer TRUE or FALSE only. -> (${text})`;
  }
  return "你是一位语言学家。居高临下的语言是处于强势地位的群体对弱势群体的言论，攻击性较弱，常夹杂讽刺和刻板印象。请判断下面文本的居高临下程度，" +
    `只回答一个字母：A 不居高临下；B 轻度；C 中度；D 重度。-> （${text}）`;
}

/**
 * The API rows for `sets`: with `llm` (or an endpoint in `env`) each set's first `n` test items are sent one by one;
 * otherwise one "not run" row per set.
 */
export async function apiLlmRows(sets: { name: "dpm" | "td" | "cpcl"; set: PclSet }[], o: { n: number; llm?: LLM; env?: Record<string, string | undefined> }): Promise<ApiRow[]> {
  const env = o.env ?? process.env;
  const llm = o.llm ?? (endpointConfigured(env) ? llmFromEnv({ env, temperature: 0 }) : undefined);
  if (!llm) return sets.map(({ name }) => ({ set: name, model: "API LLM", status: "not run", n: 0, parsed: 0, p: NaN, r: NaN, f1: NaN, note: API_NOT_RUN }));
  const rows: ApiRow[] = [];
  for (const { name, set } of sets) {
    const items = set.test.slice(0, o.n);
    const truth = items.map((x) => (set.lang === "en" ? x.label : binaryOfGrade(x.grade)));
    const pred: number[] = [];
    let parsed = 0;
    for (let i = 0; i < items.length; i++) {
      const cls = parseAnswer(set.lang, await llm.generate(apiPrompt(set.lang, items[i].text), { maxTokens: 8, temperature: 0 }));
      if (cls !== null) parsed++;
      pred.push(cls === null ? 1 - truth[i] : set.lang === "en" ? cls : binaryOfGrade(cls));
    }
    const s = macroScores(truth, pred);
    rows.push({ set: name, model: llm.name, status: "run", n: items.length, parsed, p: s.p, r: s.r, f1: s.f1, note: `zero-shot, first ${items.length} test items; unparseable replies scored wrong` });
  }
  return rows;
}
