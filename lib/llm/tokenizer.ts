/**
 * Small tokenizers in plain TypeScript for LMs trained from scratch here (a 200k-entry BPE vocabulary would be far too
 * large for an embedding of a few hundred thousand parameters):
 * - "word": lower-cased words (letters/digits, with an optional 's-style suffix) and single punctuation marks;
 * - "char": one token per code point (Chinese), whitespace dropped.
 * Special tokens (`<pad> <unk> <bos> <eos> <sep>` plus the caller's, e.g. the verbalizers TRUE / FALSE or A–D) are
 * matched verbatim and case-sensitively before splitting, so "TRUE" is one token while "true" in running text is
 * another. The vocabulary is the specials, then the `maxVocab − specials` most frequent pieces (ties broken by the
 * piece's code-point order, so fitting is deterministic). decode(encode(t)) = normalize(t) for text the vocabulary
 * covers.
 */
import { lmMessages } from "./causal-lm-messages";

/** How text is split into pieces. */
export type TokenizerMode = "word" | "char";

/** The special tokens every tokenizer has, with these ids. */
export const BASE_SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>", "<sep>"] as const;

/** Options of `Tokenizer.fit`. */
export interface TokenizerFitOptions {
  mode: TokenizerMode;
  /** Vocabulary size including the specials. */
  maxVocab: number;
  /** Extra special tokens (verbalizers, markers), matched verbatim. */
  specials?: readonly string[];
  /** Pieces seen fewer times are left out (default 1). */
  minCount?: number;
  /** Texts whose every piece is kept (right after the specials, by frequency there), whatever the corpus counts. */
  include?: Iterable<string>;
}

/** What `toJSON` writes. */
export interface TokenizerJSON {
  mode: TokenizerMode;
  vocab: string[];
  specials: number;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?|[^\s\p{L}\p{N}]/gu;

/** The pieces "word" mode splits `text` into (before specials and vocabulary): lower-cased words and punctuation marks. */
export function wordPieces(text: string): string[] {
  return Array.from(text.toLowerCase().matchAll(WORD), (m) => m[0]);
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A fitted vocabulary with encode / decode. */
export class Tokenizer {
  private readonly index = new Map<string, number>();
  private readonly specialRe: RegExp;

  private constructor(
    readonly mode: TokenizerMode,
    readonly vocab: readonly string[],
    /** Number of special tokens (they are ids 0 … specials−1). */
    readonly specials: number,
  ) {
    vocab.forEach((w, i) => this.index.set(w, i));
    const sp = vocab.slice(0, specials).slice().sort((a, b) => b.length - a.length).map(escapeRe);
    this.specialRe = new RegExp(`(${sp.join("|")})`, "u");
  }

  /** Builds the vocabulary from a corpus (specials first, then the most frequent pieces). */
  static fit(texts: Iterable<string>, o: TokenizerFitOptions): Tokenizer {
    const specials = [...BASE_SPECIALS, ...(o.specials ?? [])];
    const seen = new Set<string>();
    for (const s of specials) {
      if (seen.has(s)) throw new Error(lmMessages.duplicateSpecial(s));
      seen.add(s);
    }
    if (!(Number.isInteger(o.maxVocab) && o.maxVocab > specials.length)) throw new Error(lmMessages.tokenizerVocab(o.maxVocab, specials.length));
    const probe = new Tokenizer(o.mode, specials, specials.length);
    const counts = new Map<string, number>();
    for (const t of texts) for (const p of probe.pieces(t)) if (!seen.has(p)) counts.set(p, (counts.get(p) ?? 0) + 1);
    if (counts.size === 0 && !o.include) throw new Error(lmMessages.tokenizerEmpty());
    const min = o.minCount ?? 1;
    const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w]) => w);
    const must = new Map<string, number>();
    for (const t of o.include ?? []) for (const p of probe.pieces(t)) if (!seen.has(p)) must.set(p, (must.get(p) ?? 0) + 1);
    const kept = rank(must);
    if (specials.length + kept.length > o.maxVocab) throw new Error(lmMessages.tokenizerVocab(o.maxVocab, specials.length + kept.length));
    const keptSet = new Set(kept);
    const rest = rank(new Map([...counts].filter(([w, c]) => c >= min && !keptSet.has(w))));
    const words = [...kept, ...rest].slice(0, o.maxVocab - specials.length);
    return new Tokenizer(o.mode, [...specials, ...words], specials.length);
  }

  /** Restores a tokenizer from `toJSON()`'s output. */
  static fromJSON(j: TokenizerJSON): Tokenizer {
    if (j.mode !== "word" && j.mode !== "char") throw new Error(lmMessages.badJson(`mode '${String(j.mode)}' is not word or char`));
    if (!Array.isArray(j.vocab) || !BASE_SPECIALS.every((s, i) => j.vocab[i] === s)) throw new Error(lmMessages.badJson("vocab does not start with the base specials"));
    if (!(Number.isInteger(j.specials) && j.specials >= BASE_SPECIALS.length && j.specials <= j.vocab.length)) throw new Error(lmMessages.badJson(`specials ${j.specials} out of range`));
    return new Tokenizer(j.mode, j.vocab, j.specials);
  }

  toJSON(): TokenizerJSON {
    return { mode: this.mode, vocab: [...this.vocab], specials: this.specials };
  }

  /** Vocabulary size (the LM's V). */
  get size(): number {
    return this.vocab.length;
  }
  get padId(): number { return 0; }
  get unkId(): number { return 1; }
  get bosId(): number { return 2; }
  get eosId(): number { return 3; }
  get sepId(): number { return 4; }

  /** The id of `token`; throws naming the token and its `role` (e.g. "verbalizer") when it is not in the vocabulary. */
  id(token: string, role = "token"): number {
    const i = this.index.get(token);
    if (i === undefined) throw new Error(lmMessages.notInVocab(token, role));
    return i;
  }

  /** True when `token` is in the vocabulary. */
  has(token: string): boolean {
    return this.index.has(token);
  }

  /** The text split into pieces (specials verbatim; words lower-cased, or code points in "char" mode). */
  pieces(text: string): string[] {
    const out: string[] = [];
    const parts = text.split(this.specialRe);
    parts.forEach((part, k) => {
      if (k % 2 === 1) { out.push(part); return; } // captured special
      if (this.mode === "word") out.push(...wordPieces(part));
      else for (const ch of part) if (!/\s/u.test(ch)) out.push(ch);
    });
    return out;
  }

  /** Token ids of `text` (unknown pieces → <unk>), optionally wrapped in <bos> … <eos>. */
  encode(text: string, o: { bos?: boolean; eos?: boolean } = {}): number[] {
    const ids = this.pieces(text).map((p) => this.index.get(p) ?? this.unkId);
    if (o.bos) ids.unshift(this.bosId);
    if (o.eos) ids.push(this.eosId);
    return ids;
  }

  /** Text of `ids`: pieces joined by one space ("word") or nothing ("char"); `skipSpecials` drops the base specials. */
  decode(ids: readonly number[], o: { skipSpecials?: boolean } = {}): string {
    const words: string[] = [];
    for (const i of ids) {
      if (!(Number.isInteger(i) && i >= 0 && i < this.vocab.length)) throw new Error(lmMessages.badTokenId(i, this.vocab.length, "decoded"));
      if (o.skipSpecials && i < BASE_SPECIALS.length) continue;
      words.push(this.vocab[i]);
    }
    return words.join(this.mode === "word" ? " " : "");
  }

  /** The canonical form decode(encode(text)) returns when every piece is in the vocabulary. */
  normalize(text: string): string {
    return this.pieces(text).join(this.mode === "word" ? " " : "");
  }

  /** Fraction of the pieces of `texts` that are in the vocabulary (1 − the <unk> rate). */
  coverage(texts: Iterable<string>): number {
    let n = 0;
    let hit = 0;
    for (const t of texts) for (const p of this.pieces(t)) { n++; if (this.index.has(p)) hit++; }
    return n === 0 ? 1 : hit / n;
  }
}
