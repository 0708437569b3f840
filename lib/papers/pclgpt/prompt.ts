/**
 * The instruction format of PclGPT's SFT (card §2.2–2.3, wording ours, paraphrased): definition + optional toxicity
 * intensity instruction (TII) + the text + the question + `<sep>`; the answer is one verbalizer token at the slot after
 * `<sep>` (EN: TRUE = PCL / FALSE; CN: A–D). Prediction = argmax of the model's log-probabilities over the verbalizers
 * there. Free generation is parsed on the CONTINUATION only: the README's snippet decodes prompt + continuation and
 * finds "TRUE" in the instruction itself, so it reports PCL for every input (card §8); `parseAnswer` never sees the prompt.
 */
import type { Tokenizer } from "../../llm/tokenizer";
import { GRADES } from "./generator";
import { pclMessages } from "./messages";

export type Lang = "en" | "cn";

/** Which parts the prompt has. */
export interface PromptParts {
  definition: boolean;
  /** Grade 0–3 whose intensity sentence is included (TII), or null for none. */
  tii: number | null;
}

// Kept short: the prompt adds ≤ 20 pieces to a text of ≤ MAX_TEXT_PIECES within the 64-token context.
const DEF = { en: "patronizing text talks down to people .", cn: "居高临下即看轻他人。" };
const TII = { en: ["tone : none .", "tone : mild .", "tone : moderate .", "tone : severe ."], cn: ["语气：无。", "语气：轻。", "语气：中。", "语气：重。"] };
const ASK = { en: "answer TRUE or FALSE", cn: "答A到D：" };

/**
 * TII reading (b): the intensity word the model generates after `<sep>` and before the label, by grade 0–3 (the same
 * words as the TII sentences). Only the English sets use it: on the Chinese set the intensity is the A–D grade itself.
 */
export const INTENSITY_WORDS: Record<Lang, readonly string[]> = { en: ["none", "mild", "moderate", "severe"], cn: ["无", "轻", "中", "重"] };

/** Verbalizer tokens by class index: EN [FALSE, TRUE] (label 0/1), CN [A, B, C, D] (grade 0–3). */
export const VERBALIZERS: Record<Lang, readonly string[]> = { en: ["FALSE", "TRUE"], cn: [...GRADES] };

/** The prompt text (the tokenizer turns `<sep>` and the verbalizers into their special tokens). */
export function promptText(lang: Lang, text: string, parts: PromptParts): string {
  const segs: string[] = [];
  if (parts.definition) segs.push(DEF[lang]);
  if (parts.tii !== null) segs.push(TII[lang][parts.tii]);
  segs.push(text, ASK[lang], "<sep>");
  return segs.join(lang === "en" ? " " : "");
}

/** Token ids of the prompt (<bos> first), checked against the context. */
export function promptIds(tok: Tokenizer, lang: Lang, text: string, parts: PromptParts, context: number): number[] {
  const ids = tok.encode(promptText(lang, text, parts), { bos: true });
  if (ids.length > context) throw new Error(pclMessages.promptPastContext(ids.length, context));
  return ids;
}

/** Every text the prompts add to a corpus (so the tokenizer covers them). */
export function promptVocabulary(lang: Lang): string[] {
  return [DEF[lang], ...TII[lang], ASK[lang]];
}

/**
 * Class of a free-text answer, read from the continuation only: EN — "TRUE" then "FALSE" as whole words ("TRUE." and
 * "**TRUE**" count, "UNTRUE" does not; README order); CN — the last A–D letter. null when nothing parses.
 */
export function parseAnswer(lang: Lang, continuation: string): number | null {
  if (lang === "en") {
    if (/\bTRUE\b/.test(continuation)) return 1;
    if (/\bFALSE\b/.test(continuation)) return 0;
    return null;
  }
  const m = continuation.match(/[ABCD](?!.*[ABCD])/su);
  return m ? GRADES.indexOf(m[0] as (typeof GRADES)[number]) : null;
}

/** Grade index of "A"–"D" or 0–3; throws naming the grade otherwise. */
export function gradeIndex(g: string | number, where = ""): number {
  const s = String(g).trim().toUpperCase();
  const i = GRADES.indexOf(s as (typeof GRADES)[number]);
  if (i >= 0) return i;
  if (/^[0-3]$/.test(s)) return Number(s);
  throw new Error(pclMessages.unknownGrade(String(g), where));
}
