/**
 * The tiny local LM of the reproduction (stand-in for DataGemma-RIG 27B), trained here on one mixed-task corpus:
 * - rig:        "what was the M of P in Y?" → `[__DC__("what was the M of P in Y?") --> "V"]` (its memory of the
 *               facts, seen with Zipf place popularity, so popular facts are memorised and rare ones are guessed);
 * - table:      a "Table 1" block of one metric over years + the question → "V [Table 1]" (RAG's copy task);
 * - validation: `Is "TITLE" the answer to "QUESTION"?` → yes / no (RIG's validation call, asked pair by pair);
 * - ragq:       "questions for: QUERY" → RAG's statistical questions in the legal forms, e.g.
 *               "which had a higher M in Y, P1 or P2?" → "What is M in p1? What is M in p2?" (`questionModel` splits
 *               them into lines for the RAG flow, which drops duplicates and caps at 25).
 * Model: lib/llm's CausalLM (2 layers, d 64, 4 heads, FFN 256), word tokenizer with the call markup as specials;
 * AdamW through lib/core's training loop; loss on the answer tokens only.
 */
import { train } from "../../core/train/loop";
import { AdamW } from "../../core/train/optim/adamw";
import { Rng } from "../../core/train/seed";
import { CausalLM, padIds, type TokenBatch } from "../../llm/causal-lm";
import { functionLLM, type LLM } from "../../llm/llm";
import { LocalLM } from "../../llm/local";
import { Tokenizer } from "../../llm/tokenizer";
import { popularity, questionOf, statedValue, weightedDraws, type Fact } from "./data";
import { dcCall } from "./rig";

/** Markup the tokenizer keeps whole. */
export const LM_SPECIALS = ['[__DC__("', '") --> "', '"]', "[Table 1]"];

export interface LMSpec {
  dModel: number;
  heads: number;
  layers: number;
  ffn: number;
  context: number;
  steps: number;
  batch: number;
  lr: number;
  weightDecay: number;
  zipf: number;
  /** Task mixture (normalised): rig, table, validation, RAG questions. */
  mix: { rig: number; table: number; validation: number; ragq: number };
  /** Rows of the table task. */
  tableRows: number;
  maxVocab: number;
}

export interface Example {
  prompt: string;
  answer: string;
  task: "rig" | "table" | "validation" | "ragq";
}

/** The RAG queries the LM learns to turn into questions: a point fact, a trend, a comparison of two places. */
export type RagQueryKind = "point" | "trend" | "compare";
export const RAG_KINDS: readonly RagQueryKind[] = ["point", "trend", "compare"];

/** A RAG query of `kind` about fact f (compare: f's place against g's, same metric and year) and its legal questions. */
export function ragQuery(kind: RagQueryKind, f: Fact, g: Fact): { query: string; questions: string[]; places: string[] } {
  const p = f.place.toLowerCase();
  const what = (place: string) => `What is ${f.metric} in ${place}?`;
  if (kind === "point") return { query: questionOf(f), questions: [what(p)], places: [f.placeId] };
  if (kind === "trend") return { query: `how has the ${f.metric} changed over time in ${p}?`, questions: [`How has ${f.metric} changed over time in ${p}?`], places: [f.placeId] };
  const q = g.place.toLowerCase();
  return { query: `which had a higher ${f.metric} in ${f.year}, ${p} or ${q}?`, questions: [what(p), what(q)], places: [f.placeId, g.placeId] };
}

/** The templated question model's questions for a `ragQuery` query (the same legal forms; [] for other text). */
export function templateQuestions(query: string): string[] {
  const point = /^what was the (.+) of (.+) in \d{4}\?$/.exec(query);
  if (point) return [`What is ${point[1]} in ${point[2]}?`];
  const trend = /^how has the (.+) changed over time in (.+)\?$/.exec(query);
  if (trend) return [`How has ${trend[1]} changed over time in ${trend[2]}?`];
  const cmp = /^which had a higher (.+) in \d{4}, (.+) or (.+)\?$/.exec(query);
  return cmp ? [`What is ${cmp[1]} in ${cmp[2]}?`, `What is ${cmp[1]} in ${cmp[3]}?`] : [];
}

/** The templated question model (no LM): rag.ts's question prompt → `templateQuestions` of its query, one per line. */
export const templateQuestioner: LLM = functionLLM("template-rag-questions", (p) => templateQuestions(/\nQuery: (.*)\nQuestions:$/.exec(p)?.[1] ?? "").join("\n"));

/** The LM's prompt for RAG questions (its 72-token context cannot hold rag.ts's instruction). */
export const RAG_PREFIX = "questions for:";

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const titleOf = (metric: string, place: string) => `${cap(metric)} in ${place}`;
export const validationQuestion = (title: string, question: string) => `Is "${title}" the answer to "${question}"?`;

/** The table task's prompt for fact f: `rows` facts of the same metric and place (f among them), by year. */
export function tableExample(f: Fact, sameSeries: readonly Fact[], rows: number, rng: Rng): Example {
  const others = rng.shuffle(sameSeries.filter((g) => g.year !== f.year).slice()).slice(0, rows - 1);
  const lines = [f, ...others].sort((a, b) => (a.year < b.year ? -1 : 1)).map((g) => `${g.year} | ${statedValue(g)}`);
  return { prompt: `Table 1: ${titleOf(f.metric, f.place)}\n${lines.join("\n")}\n${questionOf(f)}`, answer: `${statedValue(f)} [Table 1]`, task: "table" };
}

/** One training example of a task for fact f (validation negatives: another metric or another place, half each). */
export function exampleOf(task: Example["task"], f: Fact, facts: readonly Fact[], series: Map<string, Fact[]>, spec: LMSpec, rng: Rng): Example {
  if (task === "rig") return { prompt: questionOf(f), answer: dcCall(questionOf(f), statedValue(f)), task };
  if (task === "table") return tableExample(f, series.get(`${f.varId}@${f.placeId}`) ?? [f], spec.tableRows, rng);
  if (task === "ragq") {
    const r = ragQuery(RAG_KINDS[rng.int(RAG_KINDS.length)], f, otherPlace(f, facts, rng));
    return { prompt: `${RAG_PREFIX} ${r.query}`, answer: r.questions.join(" "), task };
  }
  const positive = rng.uniform() < 0.5;
  let title = titleOf(f.metric, f.place);
  if (!positive) {
    const other = facts[rng.int(facts.length)];
    title = rng.uniform() < 0.5 && other.metric !== f.metric ? titleOf(other.metric, f.place) : other.place !== f.place ? titleOf(f.metric, other.place) : titleOf(f.metric === "population" ? "life expectancy" : "population", f.place);
  }
  return { prompt: validationQuestion(title, questionOf(f)), answer: positive ? "yes" : "no", task };
}

/** A fact of another place with f's metric and year (f itself when there is none). */
export function otherPlace(f: Fact, facts: readonly Fact[], rng: Rng): Fact {
  const c = facts.filter((g) => g.varId === f.varId && g.year === f.year && g.placeId !== f.placeId);
  return c.length ? c[rng.int(c.length)] : f;
}

/** Facts grouped by (variable, place). */
export function seriesIndex(facts: readonly Fact[]): Map<string, Fact[]> {
  const m = new Map<string, Fact[]>();
  for (const f of facts) {
    const k = `${f.varId}@${f.placeId}`;
    m.set(k, [...(m.get(k) ?? []), f]);
  }
  return m;
}

/** A batch: `<bos> prompt <sep> answer <eos>`, loss on predicting answer and <eos>. */
export function exampleBatch(tok: Tokenizer, exs: readonly Example[], context: number): TokenBatch {
  const seqs = exs.map((e) => {
    const p = [tok.bosId, ...tok.encode(e.prompt), tok.sepId];
    return { ids: [...p, ...tok.encode(e.answer), tok.eosId], start: p.length - 1 };
  });
  const { ids, B, T } = padIds(seqs.map((s) => s.ids), context);
  const pos: number[] = [];
  const tgt: number[] = [];
  seqs.forEach((s, b) => {
    for (let t = s.start; t + 1 < s.ids.length; t++) (pos.push(b * T + t), tgt.push(s.ids[t + 1]));
  });
  return { ids, B, T, positions: Int32Array.from(pos), targets: Int32Array.from(tgt) };
}

export interface TrainedLM {
  llm: LocalLM;
  /** The validator the RIG flow calls: answers the numbered validation prompt pair by pair with yes / no. */
  validator: LLM;
  steps: number;
  wallMs: number;
  msPerStep: number;
  finalLoss: number;
  params: number;
}

/** Trains the LM on the mixed corpus (seeded). */
export async function trainLocalLM(facts: readonly Fact[], spec: LMSpec, seed: number): Promise<TrainedLM> {
  const rng = new Rng(seed).fork("datacommons-lm");
  const series = seriesIndex(facts);
  const w = popularity(facts, spec.zipf);
  const tasks: Example["task"][] = ["rig", "table", "validation", "ragq"];
  const mixW = tasks.map((t) => spec.mix[t]);
  // One task per step (drawn by the mixture), so a batch of short RIG lines is not padded to a table's length.
  const draw = (n: number): Example[] => {
    const task = tasks[weightedDraws(mixW, 1, rng)[0]];
    return weightedDraws(w, n, rng).map((i) => exampleOf(task, facts[i], facts, series, spec, rng));
  };
  // Vocabulary from every fact in every task form (a fixed corpus; the training stream is sampled from it).
  const vocabRng = new Rng(seed).fork("vocab");
  const corpus = facts.flatMap((f) => tasks.map((t) => exampleOf(t, f, facts, series, spec, vocabRng))).flatMap((e) => [e.prompt, e.answer]);
  const tok = Tokenizer.fit(corpus, { mode: "word", maxVocab: spec.maxVocab, specials: LM_SPECIALS });
  const model = new CausalLM({ vocabSize: tok.size, context: spec.context, dModel: spec.dModel, heads: spec.heads, layers: spec.layers, ffn: spec.ffn }, new Rng(seed).fork("init"));
  const opt = new AdamW({ learningRate: spec.lr, weightDecay: spec.weightDecay });
  const t0 = Date.now();
  const res = await train({
    data: function* () {
      for (let i = 0; i < spec.steps; i++) yield exampleBatch(tok, draw(spec.batch), spec.context);
    },
    loss: (b: TokenBatch) => model.loss(b),
    optimizer: opt,
    variables: model.params.trainable(),
    epochs: 1,
    maxSteps: spec.steps,
    clipNorm: 1,
    progress: "none",
  });
  opt.dispose();
  const wallMs = Date.now() - t0;
  const tail = res.history.slice(-Math.max(1, Math.floor(res.history.length / 10)));
  const llm = new LocalLM(model, tok, { maxTokens: 40 });
  return { llm, validator: pairValidator(llm), steps: res.steps, wallMs, msPerStep: wallMs / Math.max(1, res.steps), finalLoss: tail.reduce((a, r) => a + r.loss, 0) / tail.length, params: model.count() };
}

/**
 * The validation call for a 2-layer LM: the numbered prompt of rig.ts is split into its (question, title) pairs and
 * each is asked as `Is "TITLE" the answer to "QUESTION"?`; the pairs answered "yes" come back as [[QAi]] lines.
 */
export function pairValidator(llm: LLM): LLM {
  return functionLLM(`${llm.name}+pairwise-validation`, async (prompt) => {
    const pairs = [...prompt.matchAll(/\[\[QA(\d+)\]\]:\n {2}Question: (.*)\n {2}Answer: (.*)/g)];
    if (!pairs.length) return llm.generate(prompt);
    const keep: string[] = [];
    for (const m of pairs) if ((await llm.generate(validationQuestion(m[3], m[2]), { maxTokens: 2 })).trim().startsWith("yes")) keep.push(`[[QA${m[1]}]]`);
    return keep.join("\n");
  });
}

/**
 * The RAG question model for a 2-layer LM: the query is taken from rag.ts's question prompt and asked as
 * "questions for: QUERY"; the reply's questions (each ends with "?") come back one per line.
 */
export function questionModel(llm: LLM, maxTokens = 40): LLM {
  return functionLLM(`${llm.name}+rag-questions`, async (prompt) => {
    const m = /\nQuery: (.*)\nQuestions:$/.exec(prompt);
    if (!m) return llm.generate(prompt);
    const reply = await llm.generate(`${RAG_PREFIX} ${m[1]}`, { maxTokens });
    return reply.split(/(?<=\?)\s*/).map((q) => q.trim()).filter(Boolean).join("\n");
  });
}

/** Frees the model's weights. */
export function disposeLM(t: TrainedLM): void {
  t.llm.model.dispose();
}
