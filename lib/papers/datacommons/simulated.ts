/**
 * `SimulatedLLM` (card §5.3): a deterministic seeded stand-in used ONLY for the p_know / p_para sweeps and the RAG
 * copy-vs-inference bars, labelled "simulated"/"injected" wherever shown. Its error rates are set, not learnt:
 * - memory: a fact is known with probability p_know (fixed per fact by a hash); known → truth · exp(N(0, 0.03)),
 *   unknown → truth · exp(N(0, 0.5)); numbers printed humanly ("39.5 million");
 * - RIG: writes one `__DC__` call; with probability p_para the question's metric is reworded or misspelt;
 * - validation: keeps a pair when every word of the title's metric appears in the question;
 * - RAG: copies the asked year's number from the table ("V [Table i]"), or computes first → last growth, wrong by
 *   +30 % with probability p_inf (an injected inference error).
 */
import type { GenerateOptions, LLM } from "../../llm/llm";
import { Rng } from "../../core/train/seed";
import { REWORDINGS, typo } from "./data";
import { parse } from "./parse";
import { bestVariable, makeScorer } from "./retrieve";
import { dcCall, formatHuman } from "./rig";
import type { LocalStore } from "./store";

export interface SimulatedOptions {
  pKnow: number;
  pPara: number;
  pInf: number;
  seed: number;
}

/** A 32-bit FNV-1a hash of a string (for per-fact deterministic draws). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class SimulatedLLM implements LLM {
  readonly name: string;
  calls = 0;
  private readonly scorer;

  constructor(readonly store: LocalStore, readonly o: SimulatedOptions) {
    this.name = `simulated(p_know ${o.pKnow}, p_para ${o.pPara}, p_inf ${o.pInf})`;
    this.scorer = makeScorer("keyword", store);
  }

  private rngFor(key: string): Rng {
    return new Rng(hash32(`${this.o.seed}|${key}`));
  }

  /** The model's value for (variable, place, year): known or hallucinated (null when the store has no truth). */
  recall(varId: string, placeId: string, year: string): number | null {
    const truth = this.store.value(varId, placeId, year);
    if (truth === undefined) return null;
    const r = this.rngFor(`${varId}|${placeId}|${year}`);
    const known = r.uniform() < this.o.pKnow;
    return truth * Math.exp(r.normal(0, known ? 0.03 : 0.5));
  }

  async generate(prompt: string, _opts: GenerateOptions = {}): Promise<string> {
    this.calls++;
    if (prompt.startsWith("Below are questions")) return this.validate(prompt);
    if (prompt.startsWith("Answer the query")) return this.answerFromTables(prompt);
    return this.rig(prompt);
  }

  private rig(q: string): string {
    const p = parse(q, this.store);
    const best = bestVariable(this.scorer, this.store.variables, p.rest);
    const place = p.places[0];
    if (!best || !place || !p.date) return "I do not know.";
    const v = this.recall(best.variable.id, place.id, p.date);
    const r = this.rngFor(`para|${q}`);
    let question = q;
    if (r.uniform() < this.o.pPara) {
      const name = best.variable.name;
      const alt = REWORDINGS[best.variable.id] ?? [name];
      question = q.replace(name, r.uniform() < 0.5 ? alt[r.int(alt.length)] : typo(name, r));
    }
    return `${place.name} had ${dcCall(question, v === null ? "" : formatHuman(v))} in ${p.date}.`;
  }

  private validate(prompt: string): string {
    const keep: string[] = [];
    for (const m of prompt.matchAll(/\[\[QA(\d+)\]\]:\n {2}Question: (.*)\n {2}Answer: (.*)/g)) {
      const metric = m[3].replace(/ in .*$/, "").toLowerCase().split(/\s+/);
      if (metric.every((w) => m[2].toLowerCase().includes(w))) keep.push(`[[QA${m[1]}]]`);
    }
    return keep.join("\n");
  }

  private answerFromTables(prompt: string): string {
    const table = /Table (\d+): .*\n.*\n-+\n((?:.+\|.+\n)+)/.exec(prompt);
    const query = /Query: (.*)\nAnswer:$/.exec(prompt)?.[1] ?? "";
    if (!table) return "[NO ANSWER]";
    const rows = table[2].trim().split("\n").map((l) => l.split(" | "));
    const year = /\b(1[89]\d\d|20\d\d)\b/.exec(query)?.[1];
    if (year) {
      const row = rows.find((r) => r[0] === year);
      return row ? `It was ${row[row.length - 1]} [Table ${table[1]}].` : "[NO ANSWER]";
    }
    const first = Number(rows[0][rows[0].length - 1]);
    const last = Number(rows[rows.length - 1][rows[0].length - 1]);
    let growth = (last - first) / first;
    if (this.rngFor(`inf|${query}`).uniform() < this.o.pInf) growth *= 1.3;
    return `It changed by ${(100 * growth).toFixed(1)}% [Table ${table[1]}].`;
  }
}
