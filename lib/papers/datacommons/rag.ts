/**
 * RAG — Retrieval Augmented Generation (paper §3; flow as in `data_gemma`'s rag.py, rewritten here).
 * 1. A question model turns the query into statistical questions, one per line, in three forms:
 *      What is $METRIC in $PLACE?  |  What is $METRIC in $PLACE $PLACE_TYPE?  |  How has $METRIC changed over time in $PLACE $PLACE_TYPE?
 *    Lines are trimmed, duplicates dropped (first occurrence kept), the list capped at 25.
 * 2. Each goes to DC table mode; each table becomes a block "Table i: HEADER\nROWS" (numbered among the kept tables;
 *    a table whose title repeats an earlier one is dropped).
 * 3. The answerer sees the blocks and the query, cites [Table i], and opens with [NO ANSWER] when the tables do not
 *    suffice; then (and when no table came back) the bare query goes to the model instead.
 */
import type { LLM } from "../../llm";
import { tableHeader, type DataCommons, type DataCommonsCall } from "./dc";

export const MAX_QUESTIONS = 25;
export const NO_ANSWER = "[NO ANSWER]";

/** The three legal question forms. */
export const QUESTION_FORMS: RegExp[] = [
  /^What is (.+) in (.+)\?$/i,
  /^How has (.+) changed over time in (.+)\?$/i,
];

export const isLegalQuestion = (q: string) => QUESTION_FORMS.some((re) => re.test(q.trim()));

/** The question model's prompt. */
export function questionPrompt(query: string): string {
  return (
    "Write the statistical questions needed to answer the query, one per line, at most 25, each in one of the forms " +
    '"What is $METRIC in $PLACE?", "What is $METRIC in $PLACE $PLACE_TYPE?" or "How has $METRIC changed over time in $PLACE $PLACE_TYPE?".\n\n' +
    `Query: ${query}\nQuestions:`
  );
}

/** Questions from the model's reply: trimmed non-empty lines, duplicates dropped, at most `cap`. */
export function parseQuestions(reply: string, cap = MAX_QUESTIONS): string[] {
  const out: string[] = [];
  for (const line of reply.split("\n")) {
    const q = line.trim();
    if (q && !out.includes(q)) out.push(q);
  }
  return out.slice(0, cap);
}

export interface TableBlock {
  /** 1-based number used in [Table i]. */
  index: number;
  call: DataCommonsCall;
  text: string;
}

/** "Table i: header\nrows" blocks of the calls that returned a table, repeated titles dropped. */
export function tableBlocks(calls: readonly DataCommonsCall[]): TableBlock[] {
  const titles = new Set<string>();
  const out: TableBlock[] = [];
  for (const c of calls) {
    if (!c.table || titles.has(c.title)) continue;
    titles.add(c.title);
    const index = out.length + 1;
    out.push({ index, call: c, text: `Table ${index}: ${tableHeader(c)}\n${c.table}` });
  }
  return out;
}

/** The answerer's prompt over the tables. */
export function answerPrompt(query: string, blocks: readonly TableBlock[]): string {
  return (
    "Answer the query using only the tables below. Cite every number you use as [Table i]. You may do simple " +
    `arithmetic such as growth rates. If the tables do not answer the query, start your answer with ${NO_ANSWER}.\n\n` +
    `${blocks.map((b) => b.text).join("\n")}\nQuery: ${query}\nAnswer:`
  );
}

/** The [Table i] numbers an answer cites, in order of first use. */
export function citations(answer: string): number[] {
  const out: number[] = [];
  for (const m of answer.matchAll(/\[Table (\d+)\]/g)) if (!out.includes(Number(m[1]))) out.push(Number(m[1]));
  return out;
}

export interface RagOptions {
  /** Cap on the number of questions (25 in data_gemma). */
  cap?: number;
  /** Answerer (default: the question model). */
  answerer?: LLM;
}

export interface RagResult {
  questions: string[];
  calls: DataCommonsCall[];
  blocks: TableBlock[];
  answer: string;
  /** True when the bare query was sent (no table, or [NO ANSWER]). */
  fellBack: boolean;
  noAnswer: boolean;
  llmCalls: number;
}

/** Steps 1–2 of the flow: the model's questions (deduplicated, capped), their table calls and blocks. */
export async function ragRetrieve(query: string, llm: LLM, dc: DataCommons, cap = MAX_QUESTIONS): Promise<{ questions: string[]; rawLines: number; calls: DataCommonsCall[]; blocks: TableBlock[] }> {
  const reply = await llm.generate(questionPrompt(query));
  const questions = parseQuestions(reply, cap);
  const calls: DataCommonsCall[] = [];
  for (const q of questions) calls.push(await dc.table(q));
  return { questions, rawLines: reply.split("\n").filter((l) => l.trim()).length, calls, blocks: tableBlocks(calls) };
}

/** The RAG flow. */
export async function ragFlow(query: string, llm: LLM, dc: DataCommons, o: RagOptions = {}): Promise<RagResult> {
  const answerer = o.answerer ?? llm;
  const { questions, calls, blocks } = await ragRetrieve(query, llm, dc, o.cap ?? MAX_QUESTIONS);
  let llmCalls = 1;
  let answer = "";
  let noAnswer = false;
  if (blocks.length) {
    answer = await answerer.generate(answerPrompt(query, blocks));
    llmCalls++;
    noAnswer = answer.includes(NO_ANSWER);
  }
  const fellBack = !blocks.length || noAnswer;
  if (fellBack) {
    answer = await answerer.generate(query);
    llmCalls++;
  }
  return { questions, calls, blocks, answer, fellBack, noAnswer, llmCalls };
}
