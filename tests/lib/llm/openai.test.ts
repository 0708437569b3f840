import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { answer, mock } from "./mock-server";
import { OpenAICompatibleLLM, applyStop, endpointConfigured, functionLLM, llmMessages } from "../../../lib/llm";


test("OpenAICompatibleLLM: posts data_gemma's request shape and reads choices[0].message.content", async () => {
  const m = await mock((body, _req, res) => res.end(answer(`echo: ${(body.messages as Array<{ content: string }>)[0].content}`)));
  try {
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base + "/", model: "gemma-test", apiKey: "k1", env: {} });
    assert.equal(await llm.generate("what is 2+2?"), "echo: what is 2+2?");
    assert.equal(m.log[0].url, "/v1/chat/completions");
    assert.equal(m.log[0].auth, "Bearer k1");
    assert.deepEqual(m.log[0].body, { model: "gemma-test", messages: [{ role: "user", content: "what is 2+2?" }], temperature: 0.1 });
    assert.equal(await llm.generate("a STOP b", { stop: ["STOP"], maxTokens: 5 }), "echo: a ");
    assert.equal(m.log[1].body.max_tokens, 5);
    const v1 = new OpenAICompatibleLLM({ baseUrl: `${m.base}/v1`, model: "x", env: {} });
    await v1.generate("q");
    assert.equal(m.log[2].url, "/v1/chat/completions", "a base URL ending in /v1 is not doubled");
    assert.equal(m.log[2].auth, undefined, "no key, no authorization header");
  } finally {
    await m.close();
  }
});

test("OpenAICompatibleLLM: settings from the environment; missing ones are named", () => {
  const llm = new OpenAICompatibleLLM({ env: { LLM_BASE_URL: "http://127.0.0.1:9", LLM_MODEL: "m" } });
  assert.equal(llm.url, "http://127.0.0.1:9/v1/chat/completions");
  assert.equal(llm.name, "openai:m");
  assert.throws(() => new OpenAICompatibleLLM({ env: {} }), { message: llmMessages.missingSetting(["LLM_BASE_URL", "LLM_MODEL"]) });
  assert.throws(() => new OpenAICompatibleLLM({ env: { LLM_MODEL: "m" } }), /missing setting LLM_BASE_URL;/);
  assert.throws(() => new OpenAICompatibleLLM({ baseUrl: "localhost:8080", model: "m", env: {} }), /not an http\(s\) URL/);
  assert.throws(() => new OpenAICompatibleLLM({ baseUrl: "http://x", model: "m", retries: -1, env: {} }), /option retries/);
  assert.equal(endpointConfigured({ LLM_BASE_URL: "http://x" }), false);
  assert.equal(endpointConfigured({ LLM_BASE_URL: "http://x", LLM_MODEL: "m" }), true);
});

test("OpenAICompatibleLLM: HTTP errors carry status and an excerpt; 5xx is retried, 4xx is not", async () => {
  const m = await mock((_b, _req, res, hit) => {
    if (hit === 1) { res.statusCode = 503; res.end("overloaded, try later"); return; }
    if (hit === 2) { res.end(answer("ok after retry")); return; }
    res.statusCode = 401; res.end(JSON.stringify({ error: "bad key" }));
  });
  try {
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base, model: "m", backoffMs: 1, env: {} });
    assert.equal(await llm.generate("q"), "ok after retry");
    assert.equal(llm.requests, 2);
    await assert.rejects(llm.generate("q"), (e: Error) => /HTTP 401/.test(e.message) && /bad key/.test(e.message));
    assert.equal(llm.requests, 3, "a 401 is not retried");
  } finally {
    await m.close();
  }
});

test("OpenAICompatibleLLM: bad JSON and a reply without content are clear errors", async () => {
  const m = await mock((_b, _req, res, hit) => res.end(hit === 1 ? "<html>not json</html>" : JSON.stringify({ choices: [] })));
  try {
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base, model: "m", retries: 0, env: {} });
    await assert.rejects(llm.generate("q"), /did not answer JSON \(got: <html>not json<\/html>\)/);
    await assert.rejects(llm.generate("q"), /without choices\[0\]\.message\.content/);
  } finally {
    await m.close();
  }
});

test("OpenAICompatibleLLM: a slow server times out after the retries; a closed port is a network error", async () => {
  const m = await mock((_b, _req, res) => setTimeout(() => res.end(answer("late")), 400));
  try {
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base, model: "m", timeoutMs: 50, retries: 1, backoffMs: 1, env: {} });
    await assert.rejects(llm.generate("q"), /no answer within 50 ms \(2 tries\)/);
    assert.equal(llm.requests, 2);
  } finally {
    await m.close();
  }
  const closed = new OpenAICompatibleLLM({ baseUrl: m.base, model: "m", retries: 0, env: {} });
  await assert.rejects(closed.generate("q"), /could not reach .*start the server/);
});

test("OpenAICompatibleLLM: record once, replay offline with the same answers; unrecorded prompts are named", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-llm-"));
  const file = path.join(dir, "fixtures.json");
  const m = await mock((body, _req, res) => res.end(answer(`A(${(body.messages as Array<{ content: string }>)[0].content})`)));
  try {
    const rec = new OpenAICompatibleLLM({ baseUrl: m.base, model: "m", fixtures: { mode: "record", file }, env: {} });
    assert.equal(await rec.generate("one"), "A(one)");
    assert.equal(await rec.generate("two", { temperature: 0 }), "A(two)");
  } finally {
    await m.close();
  }
  const rep = new OpenAICompatibleLLM({ model: "m", fixtures: { mode: "replay", file }, env: {} });
  assert.equal(await rep.generate("one"), "A(one)");
  assert.equal(await rep.generate("two", { temperature: 0 }), "A(two)");
  assert.equal(rep.requests, 0);
  await assert.rejects(rep.generate("two"), /no recorded answer .* "two"/, "temperature is part of the key");
  fs.writeFileSync(file, "{oops");
  const broken = new OpenAICompatibleLLM({ model: "m", fixtures: { mode: "replay", file }, env: {} });
  await assert.rejects(broken.generate("one"), /not a JSON list/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("applyStop and functionLLM", async () => {
  assert.equal(applyStop("abc\ndef", ["\n"]), "abc");
  assert.equal(applyStop("abc", ["x", ""]), "abc");
  assert.equal(applyStop("a;b,c", [",", ";"]), "a");
  const f = functionLLM("f", (p) => p.toUpperCase() + "|tail");
  assert.equal(f.name, "f");
  assert.equal(await f.generate("hi", { stop: ["|"] }), "HI");
});
