/**
 * Variable matching, the DC "SV index" stand-in (card §5.2): every variable is indexed by its phrases (name,
 * description, synonyms); a question's leftover words (after `parse`) are scored against each phrase, and a variable's
 * score is its best phrase's. All scores lie in [0, 1] (the encoder's cosine in [−1, 1]) so one threshold τ applies:
 * - keyword: share of a phrase's content words present in the question (exact words);
 * - bm25: BM25 (k1 1.2, b 0.75) of the question against the phrase, divided by the phrase's BM25 against itself
 *   (capped at 1): an idf-weighted keyword coverage;
 * - tfidf: cosine of char-3-gram TF-IDF vectors (words padded with spaces), robust to typos and word order;
 * - encoder: cosine of a learned InfoNCE encoder over hashed char-3-grams (encoder.ts).
 */
import type { LocalStore, Variable } from "./store";
import { dcMessages as M } from "./messages";

export const SCORERS = ["keyword", "bm25", "tfidf", "encoder"] as const;
export type ScorerName = (typeof SCORERS)[number];

/** Words that carry no variable meaning. */
export const STOPWORDS = new Set(
  "a an and are as at be been by did do does for from had has have how in is it its of on or per the to was were what which who with many much did".split(" "),
);

export const contentWords = (ws: readonly string[]) => ws.map((w) => w.toLowerCase()).filter((w) => w && !STOPWORDS.has(w));
const tokenize = (s: string) => contentWords(s.toLowerCase().split(/[^\p{L}\p{N}]+/u));

/** Phrases a variable is indexed by. */
export function phrasesOf(v: Variable): string[] {
  return [v.name, v.description, ...v.synonyms];
}

/** Scores the question words against every variable, in store order. */
export interface Scorer {
  readonly name: ScorerName;
  score(rest: readonly string[]): number[];
}

/** Plain BM25 of a query against documents (token lists); exposed for the hand-checked test. */
export function bm25(query: readonly string[], docs: readonly (readonly string[])[], k1 = 1.2, b = 0.75): number[] {
  const N = docs.length;
  const avgdl = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, N);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  // idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5))
  const idf = (t: string) => Math.log(1 + (N - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  return docs.map((d) => {
    let s = 0;
    for (const t of new Set(query)) {
      const f = d.filter((x) => x === t).length;
      if (f) s += (idf(t) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / avgdl));
    }
    return s;
  });
}

/** Char-3-grams of a text, each word padded with one space on both sides. */
export function charTrigrams(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    const p = ` ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.push(p.slice(i, i + 3));
  }
  return out;
}

function countMap(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Index of the phrases: for each phrase, its variable's position. */
function phraseIndex(vars: readonly Variable[]): { text: string[]; owner: number[] } {
  const text: string[] = [];
  const owner: number[] = [];
  vars.forEach((v, i) => phrasesOf(v).forEach((p) => (text.push(p), owner.push(i))));
  return { text, owner };
}

/** Best phrase score per variable. */
function maxPerVar(nVars: number, owner: readonly number[], s: readonly number[]): number[] {
  const out = new Array<number>(nVars).fill(0);
  s.forEach((x, k) => (out[owner[k]] = Math.max(out[owner[k]], x)));
  return out;
}

export function keywordScorer(vars: readonly Variable[]): Scorer {
  const { text, owner } = phraseIndex(vars);
  const toks = text.map((t) => [...new Set(tokenize(t))]);
  return {
    name: "keyword",
    score(rest) {
      const q = new Set(contentWords(rest));
      return maxPerVar(vars.length, owner, toks.map((p) => (p.length ? p.filter((w) => q.has(w)).length / p.length : 0)));
    },
  };
}

export function bm25Scorer(vars: readonly Variable[]): Scorer {
  const { text, owner } = phraseIndex(vars);
  const docs = text.map(tokenize);
  const self = docs.map((d, k) => bm25(d, docs)[k]);
  return {
    name: "bm25",
    score(rest) {
      const raw = bm25(contentWords(rest), docs);
      return maxPerVar(vars.length, owner, raw.map((r, k) => (self[k] > 0 ? Math.min(1, r / self[k]) : 0)));
    },
  };
}

export function tfidfScorer(vars: readonly Variable[]): Scorer {
  const { text, owner } = phraseIndex(vars);
  const grams = text.map((t) => countMap(charTrigrams(tokenize(t).join(" "))));
  const df = new Map<string, number>();
  for (const g of grams) for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const N = grams.length;
  // idf(g) = ln((1 + N) / (1 + df)) + 1 (smoothed); unseen grams get the largest idf.
  const idf = (g: string) => Math.log((1 + N) / (1 + (df.get(g) ?? 0))) + 1;
  const vec = (m: Map<string, number>) => {
    const v = new Map<string, number>();
    let n2 = 0;
    for (const [g, c] of m) {
      const w = c * idf(g);
      v.set(g, w);
      n2 += w * w;
    }
    const n = Math.sqrt(n2) || 1;
    for (const [g, w] of v) v.set(g, w / n);
    return v;
  };
  const docs = grams.map(vec);
  return {
    name: "tfidf",
    score(rest) {
      const q = vec(countMap(charTrigrams(contentWords(rest).join(" "))));
      return maxPerVar(vars.length, owner, docs.map((d) => {
        let dot = 0;
        for (const [g, w] of q) dot += w * (d.get(g) ?? 0);
        return dot;
      }));
    },
  };
}

/** The scorer `name` over the store's variables; "encoder" needs `encoder` (a trained one, encoder.ts). */
export function makeScorer(name: string, store: LocalStore, o: { encoder?: (vars: readonly Variable[]) => Scorer } = {}): Scorer {
  switch (name) {
    case "keyword":
      return keywordScorer(store.variables);
    case "bm25":
      return bm25Scorer(store.variables);
    case "tfidf":
      return tfidfScorer(store.variables);
    case "encoder":
      if (!o.encoder) throw new Error(M.encoderNotTrained());
      return o.encoder(store.variables);
    default:
      throw new Error(M.unknownScorer(name, SCORERS));
  }
}

/** Best variable for the question words, with its score (ties: the first in store order). */
export function bestVariable(scorer: Scorer, vars: readonly Variable[], rest: readonly string[]): { variable: Variable; score: number } | null {
  const s = scorer.score(rest);
  if (s.length !== vars.length) throw new Error(M.scorerMismatch(s.length, vars.length));
  let k = -1;
  s.forEach((x, i) => {
    if (k < 0 || x > s[k]) k = i;
  });
  return k >= 0 ? { variable: vars[k], score: s[k] } : null;
}
