/**
 * `OpenAICompatibleLLM`: an `LLM` over any OpenAI-compatible chat endpoint (a llama.cpp server or vLLM hosting weights
 * the user has, e.g. DataGemma). Request shape as in `data_gemma`'s OpenAI client:
 *   POST {base}/v1/chat/completions  {model, messages: [{role: "user", content: prompt}], temperature: 0.1}
 * and the answer is `choices[0].message.content`. Settings come from the options or from the environment
 * (`LLM_BASE_URL`, `LLM_MODEL`, `LLM_API_KEY`). Never a default anywhere: tests use a mock server on 127.0.0.1.
 *
 * Record/replay: `{ fixtures: { mode: "record", file } }` appends each exchange to a JSON file; `mode: "replay"`
 * answers from that file only (no network), so a run against a real server can be re-run offline.
 */
import * as fs from "fs";
import { applyStop, type GenerateOptions, type LLM, type LLMExchange } from "./llm";
import { llmMessages as M } from "./messages";

export interface OpenAIOptions {
  /** Server root, e.g. http://127.0.0.1:8080 (a trailing /v1 is accepted). Default: env LLM_BASE_URL. */
  baseUrl?: string;
  /** Model name sent in the request. Default: env LLM_MODEL. */
  model?: string;
  /** Bearer token, if the server wants one. Default: env LLM_API_KEY (may be unset). */
  apiKey?: string;
  /** Default temperature (data_gemma uses 0.1). */
  temperature?: number;
  /** Per-try timeout in ms (default 60,000). */
  timeoutMs?: number;
  /** Extra tries after a timeout, a network error, HTTP 429 or 5xx (default 2). Other errors are not retried. */
  retries?: number;
  /** First back-off in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Record every exchange to `file`, or answer only from it. */
  fixtures?: { mode: "record" | "replay"; file: string };
  /** Environment to read settings from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** A failure of the endpoint; `retryable` marks timeouts, network errors, 429 and 5xx. */
export class LLMEndpointError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly status?: number) {
    super(message);
    this.name = "LLMEndpointError";
  }
}

/** First `n` characters of a reply body, on one line, for error messages. */
function excerpt(text: string, n = 200): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n)}…` : one || "(empty body)";
}

function chatUrl(base: string): string {
  if (!/^https?:\/\//.test(base)) throw new Error(M.badBaseUrl(base));
  const root = base.replace(/\/+$/, "");
  return root.endsWith("/v1") ? `${root}/chat/completions` : `${root}/v1/chat/completions`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class OpenAICompatibleLLM implements LLM {
  readonly name: string;
  readonly url: string;
  readonly model: string;
  private readonly apiKey?: string;
  private readonly temperature: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly fixtures?: { mode: "record" | "replay"; file: string };
  private recorded: LLMExchange[] | null = null;
  /** Number of HTTP requests sent (tries included), for call accounting. */
  requests = 0;

  constructor(opts: OpenAIOptions = {}) {
    const env = opts.env ?? process.env;
    const base = opts.baseUrl ?? env.LLM_BASE_URL;
    const model = opts.model ?? env.LLM_MODEL;
    const replay = opts.fixtures?.mode === "replay";
    const missing = [...(base || replay ? [] : ["LLM_BASE_URL"]), ...(model ? [] : ["LLM_MODEL"])];
    if (missing.length) throw new Error(M.missingSetting(missing));
    this.model = model as string;
    this.url = base ? chatUrl(base) : "(replay)";
    this.apiKey = opts.apiKey ?? env.LLM_API_KEY ?? undefined;
    this.temperature = opts.temperature ?? 0.1;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.retries = opts.retries ?? 2;
    this.backoffMs = opts.backoffMs ?? 500;
    for (const [k, v, ok] of [
      ["timeoutMs", this.timeoutMs, this.timeoutMs > 0],
      ["retries", this.retries, Number.isInteger(this.retries) && this.retries >= 0],
      ["backoffMs", this.backoffMs, this.backoffMs >= 0],
      ["temperature", this.temperature, this.temperature >= 0],
    ] as const) {
      if (!Number.isFinite(v) || !ok) throw new Error(M.badOption(k, "a finite number ≥ 0 (retries: an integer)", v));
    }
    this.fixtures = opts.fixtures;
    this.name = `openai:${this.model}`;
  }

  /** The recorded exchanges (loaded lazily from the fixture file). */
  private exchanges(): LLMExchange[] {
    if (this.recorded) return this.recorded;
    const file = this.fixtures?.file ?? "";
    if (!fs.existsSync(file)) return (this.recorded = []);
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(M.badFixtures(file, (e as Error).message));
    }
    if (!Array.isArray(parsed)) throw new Error(M.badFixtures(file, "not an array"));
    return (this.recorded = parsed as LLMExchange[]);
  }

  async generate(prompt: string, opts: GenerateOptions = {}): Promise<string> {
    const temperature = opts.temperature ?? this.temperature;
    if (this.fixtures?.mode === "replay") {
      const hit = this.exchanges().find((x) => x.model === this.model && x.prompt === prompt && x.temperature === temperature && x.maxTokens === opts.maxTokens);
      if (!hit) throw new Error(M.notRecorded(this.fixtures.file, prompt));
      return applyStop(hit.response, opts.stop);
    }
    const body: Record<string, unknown> = { model: this.model, messages: [{ role: "user", content: prompt }], temperature };
    if (opts.maxTokens !== undefined) body.max_tokens = opts.maxTokens;
    if (opts.stop && opts.stop.length) body.stop = [...opts.stop];
    if (opts.seed !== undefined) body.seed = opts.seed;
    const response = await this.post(body);
    if (this.fixtures?.mode === "record") {
      const list = this.exchanges();
      list.push({ model: this.model, prompt, temperature, ...(opts.maxTokens !== undefined ? { maxTokens: opts.maxTokens } : {}), response });
      fs.writeFileSync(this.fixtures.file, JSON.stringify(list, null, 1) + "\n");
    }
    return applyStop(response, opts.stop);
  }

  /** POSTs with timeout and retries; returns choices[0].message.content. */
  private async post(body: Record<string, unknown>): Promise<string> {
    const tries = this.retries + 1;
    let last: LLMEndpointError | null = null;
    for (let t = 0; t < tries; t++) {
      if (t > 0) await sleep(this.backoffMs * 2 ** (t - 1));
      try {
        return await this.once(body, tries);
      } catch (e) {
        if (!(e instanceof LLMEndpointError) || !e.retryable) throw e;
        last = e;
      }
    }
    throw last ?? new LLMEndpointError(M.network(this.url, "no try made", tries), false);
  }

  private async once(body: Record<string, unknown>, tries: number): Promise<string> {
    this.requests++;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (e) {
      const err = e as Error;
      if (err.name === "TimeoutError" || err.name === "AbortError") throw new LLMEndpointError(M.timeout(this.url, this.timeoutMs, tries), true);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new LLMEndpointError(M.network(this.url, cause?.code ?? cause?.message ?? err.message, tries), true);
    }
    if (!res.ok) throw new LLMEndpointError(M.httpStatus(this.url, res.status, excerpt(text)), res.status === 429 || res.status >= 500, res.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new LLMEndpointError(M.badJson(this.url, excerpt(text)), false, res.status);
    }
    const content = (json as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new LLMEndpointError(M.noContent(this.url, excerpt(text)), false, res.status);
    return content;
  }
}

/** An `OpenAICompatibleLLM` from the environment (`LLM_BASE_URL`, `LLM_MODEL`, `LLM_API_KEY`); throws naming what is missing. */
export function llmFromEnv(opts: Omit<OpenAIOptions, "baseUrl" | "model" | "apiKey"> = {}): OpenAICompatibleLLM {
  return new OpenAICompatibleLLM(opts);
}

/** True when the environment configures an endpoint (both LLM_BASE_URL and LLM_MODEL set). */
export function endpointConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.LLM_BASE_URL && env.LLM_MODEL);
}
