/**
 * Character tokens of the toxicn-mm stand-in (the paper's towers use Chinese-CLIP / RoBERTa word pieces; a character
 * vocabulary is the small-scale substitute, card §5): id 0 pads, id 1 is unknown, ids 2… are the characters of the
 * vocabulary's strings in code-point order (deterministic for the same strings).
 */

/** A character vocabulary. */
export interface CharVocab {
  chars: string[];
  index: Map<string, number>;
}

/** The vocabulary of every character in `strings` (sorted by code point; ids from 2). */
export function buildVocab(strings: Iterable<string>): CharVocab {
  const set = new Set<string>();
  for (const s of strings) for (const ch of s) set.add(ch);
  const chars = [...set].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0));
  return { chars, index: new Map(chars.map((c, i) => [c, i + 2])) };
}

/** Vocabulary size including padding and unknown. */
export function vocabSize(v: CharVocab): number {
  return v.chars.length + 2;
}

/** Writes the ids of `s` (truncated to L characters, padded with 0) into `out` at `offset`. */
export function encodeInto(v: CharVocab, s: string, L: number, out: Int32Array, offset: number): void {
  let i = 0;
  for (const ch of s) {
    if (i >= L) break;
    out[offset + i++] = v.index.get(ch) ?? 1;
  }
  for (; i < L; i++) out[offset + i] = 0;
}

/** Ids [n, L] of the strings, row-major. */
export function encodeAll(v: CharVocab, strings: readonly string[], L: number): Int32Array {
  const out = new Int32Array(strings.length * L);
  strings.forEach((s, i) => encodeInto(v, s, L, out, i * L));
  return out;
}
