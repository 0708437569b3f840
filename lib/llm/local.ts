/**
 * `LocalLM`: the `LLM` interface over the tiny causal decoder of lib/llm/causal-lm.ts and a word tokenizer.
 * A prompt is read as `<bos> prompt <sep>` and the model greedily writes until `<eos>` (or `maxTokens`); the pieces
 * are joined back into text by `detokenize` (no space before closing punctuation, after an opening quote or
 * bracket, or inside a decimal number), so a model trained on text in a fixed format writes that format back.
 * `score` is log p(continuation <eos> | prompt) in nats.
 */
import { CausalLM } from "./causal-lm";
import type { GenerateOptions, LLM } from "./llm";
import { applyStop } from "./llm";
import type { Tokenizer } from "./tokenizer";

/** Pieces → text: words joined by spaces, except around punctuation and inside numbers like "56 . 7". */
export function detokenize(pieces: readonly string[], specials: ReadonlySet<string> = new Set()): string {
  let out = "";
  let prev = "";
  for (const p of pieces) {
    const noSpaceBefore = /^[?.,!;:%)\]]$/.test(p) || (specials.has(p) && /^["')\]]/.test(p)) || (p === "." && /\d$/.test(prev));
    const noSpaceAfterPrev = prev === "(" || prev === "[" || (specials.has(prev) && /["(\[]$/.test(prev)) || (prev === "." && /\d$/.test(out.slice(0, -1)) && /^\d/.test(p));
    out += out === "" || noSpaceBefore || noSpaceAfterPrev ? p : ` ${p}`;
    prev = p;
  }
  return out;
}

export interface LocalLMOptions {
  /** Default cap on new tokens (default 48). */
  maxTokens?: number;
}

export class LocalLM implements LLM {
  readonly name: string;
  private readonly specialSet: Set<string>;

  constructor(readonly model: CausalLM, readonly tokenizer: Tokenizer, private readonly o: LocalLMOptions = {}, name = "local:causal-lm") {
    this.name = name;
    this.specialSet = new Set(tokenizer.vocab.slice(0, tokenizer.specials));
  }

  /** Ids of `<bos> prompt <sep>` (the prompt cut from the left to fit the context). */
  promptIds(prompt: string): number[] {
    const ids = [this.tokenizer.bosId, ...this.tokenizer.encode(prompt), this.tokenizer.sepId];
    const room = this.model.cfg.context - 1;
    return ids.length > room ? [this.tokenizer.bosId, ...ids.slice(ids.length - room + 1)] : ids;
  }

  /** Text of generated ids (stops at <eos>; base specials dropped). */
  text(ids: readonly number[]): string {
    const cut = ids.indexOf(this.tokenizer.eosId);
    const kept = (cut >= 0 ? ids.slice(0, cut) : ids).filter((i) => i >= 5);
    return detokenize(kept.map((i) => this.tokenizer.vocab[i]), this.specialSet);
  }

  async generate(prompt: string, opts: GenerateOptions = {}): Promise<string> {
    const ids = this.model.generate(this.promptIds(prompt), { maxNew: opts.maxTokens ?? this.o.maxTokens ?? 48, stop: [this.tokenizer.eosId] });
    return applyStop(this.text(ids), opts.stop);
  }

  async score(prompt: string, continuation: string): Promise<number> {
    return this.model.scoreContinuations(this.promptIds(prompt), [[...this.tokenizer.encode(continuation), this.tokenizer.eosId]])[0];
  }
}
