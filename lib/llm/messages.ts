/** User-facing texts of lib/llm, in one place so tests can refer to them by name. */
export const llmMessages = {
  missingSetting: (names: readonly string[]) =>
    `OpenAICompatibleLLM: missing setting ${names.join(", ")}; set the environment variable(s) ` +
    `(e.g. LLM_BASE_URL=http://127.0.0.1:8080 LLM_MODEL=gemma-2-27b-it, LLM_API_KEY only if the server needs one) ` +
    `or pass { baseUrl, model, apiKey } to the constructor`,
  badBaseUrl: (url: string) =>
    `OpenAICompatibleLLM: base URL ${JSON.stringify(url)} is not an http(s) URL; give e.g. http://127.0.0.1:8080 (the /v1/chat/completions path is added)`,
  httpStatus: (url: string, status: number, excerpt: string) =>
    `OpenAICompatibleLLM: ${url} answered HTTP ${status}: ${excerpt}; check LLM_BASE_URL, LLM_MODEL and LLM_API_KEY (and the server log)`,
  badJson: (url: string, excerpt: string) =>
    `OpenAICompatibleLLM: ${url} did not answer JSON (got: ${excerpt}); is LLM_BASE_URL an OpenAI-compatible server (llama.cpp server, vLLM)?`,
  noContent: (url: string, excerpt: string) =>
    `OpenAICompatibleLLM: ${url} answered without choices[0].message.content (got: ${excerpt}); the server must implement the OpenAI chat completions API`,
  timeout: (url: string, ms: number, tries: number) =>
    `OpenAICompatibleLLM: ${url} gave no answer within ${ms} ms (${tries} tries); raise { timeoutMs } or check that the server is up`,
  network: (url: string, why: string, tries: number) =>
    `OpenAICompatibleLLM: could not reach ${url} (${why}; ${tries} tries); start the server or fix LLM_BASE_URL`,
  notRecorded: (file: string, prompt: string) =>
    `OpenAICompatibleLLM (replay): no recorded answer in ${file} for the prompt ${JSON.stringify(prompt.slice(0, 80))}…; ` +
    `record it once against a live server with { fixtures: { mode: "record", file } }`,
  badFixtures: (file: string, why: string) =>
    `OpenAICompatibleLLM: fixture file ${file} is not a JSON list of recorded exchanges (${why}); delete it and record again`,
  badOption: (key: string, want: string, got: unknown) => `OpenAICompatibleLLM: option ${key} expects ${want}, got ${JSON.stringify(got)}`,
};
