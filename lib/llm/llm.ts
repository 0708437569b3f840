/**
 * The one language-model interface of paperlab (`lab.llm`).
 *
 * Every model a paper talks to implements `LLM`: the tiny local causal LM (`LocalLM`), an OpenAI-compatible HTTP
 * endpoint (`OpenAICompatibleLLM`, for a user's llama.cpp or vLLM server), or a paper's seeded stand-in. Flows such as
 * DataGemma's RIG and RAG (papers/datacommons) only ever call `generate`, so the same code runs on all of them.
 */

/** Options of one generation call; every field is optional and a model ignores what it cannot honour. */
export interface GenerateOptions {
  /** Most new tokens to produce (a model's own default when unset). */
  maxTokens?: number;
  /** Sampling temperature; 0 means greedy. The OpenAI adapter defaults to 0.1 like `data_gemma`. */
  temperature?: number;
  /** Generation stops before the first of these strings. */
  stop?: readonly string[];
  /** Seed for sampling, where the model supports one. */
  seed?: number;
}

/** A language model: text in, text out. */
export interface LLM {
  /** Short human-readable name, e.g. "openai:gemma-2-27b" or "local:causal-lm". */
  readonly name: string;
  /** The continuation (or chat answer) for `prompt`. */
  generate(prompt: string, opts?: GenerateOptions): Promise<string>;
  /** Optional: log-likelihood (nats) of `continuation` given `prompt`; models that cannot score leave it out. */
  score?(prompt: string, continuation: string): Promise<number>;
}

/** One generation as recorded for replay: the prompt, the options that matter, and the text that came back. */
export interface LLMExchange {
  model: string;
  prompt: string;
  temperature: number;
  maxTokens?: number;
  response: string;
}

/** Cuts `text` before the first stop string (the adapters apply `stop` on their side too). */
export function applyStop(text: string, stop: readonly string[] | undefined): string {
  if (!stop || stop.length === 0) return text;
  let cut = text.length;
  for (const s of stop) {
    if (s === "") continue;
    const i = text.indexOf(s);
    if (i >= 0 && i < cut) cut = i;
  }
  return text.slice(0, cut);
}

/** An `LLM` from a plain function (tests, scripted stand-ins). */
export function functionLLM(name: string, fn: (prompt: string, opts: GenerateOptions) => string | Promise<string>): LLM {
  return {
    name,
    async generate(prompt: string, opts: GenerateOptions = {}) {
      return applyStop(await fn(prompt, opts), opts.stop);
    },
  };
}
