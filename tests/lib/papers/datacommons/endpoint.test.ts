import { test } from "node:test";
import assert from "node:assert/strict";
import { OpenAICompatibleLLM } from "../../../../lib/llm";
import { SCALES } from "../../../../lib/papers/datacommons/config";
import { factsOf } from "../../../../lib/papers/datacommons/data";
import { LocalDataCommons } from "../../../../lib/papers/datacommons/dc";
import { endpointRun } from "../../../../lib/papers/datacommons/endpoint";
import { templateQuestions } from "../../../../lib/papers/datacommons/lm";
import { makeScorer } from "../../../../lib/papers/datacommons/retrieve";
import { answer, mock } from "../../llm/mock-server";
import { tinyStore } from "./fixture";

const cfg = { ...SCALES.config("smoke"), questions: 5, ragQueries: 3 };
const spec = { places: 4, years: [2000, 2001], variables: ["Count_Person", "LifeExpectancy_Person"], zipf: 1 };

/** A scripted DataGemma-like server: RIG calls with a wrong guess, legal RAG questions, answers copied from Table 1. */
function reply(prompt: string): string {
  const rig = /^what was the (.+) of (.+) in (\d{4})\?$/.exec(prompt);
  if (rig) return `In ${rig[3]} the ${rig[1]} of ${rig[2]} was [__DC__("${prompt}") --> "1 million"].`;
  const q = /\nQuery: (.*)\nQuestions:$/.exec(prompt);
  if (q) return templateQuestions(q[1]).join("\n");
  if (prompt.startsWith("Answer the query using only the tables")) {
    const row = /Table 1:[^\n]*\n[^\n]*\n[^\n]*\n([^\n]*)/.exec(prompt)?.[1] ?? "";
    return `It was ${row.split(" | ").pop()} [Table 1].`;
  }
  return "I do not know.";
}

test("endpointRun: RIG and RAG through an OpenAI-compatible server (mock on 127.0.0.1) and the local DC", async () => {
  const m = await mock((body, _req, res) => res.end(answer(reply((body.messages as Array<{ content: string }>)[0].content))));
  try {
    const s = tinyStore();
    const w = { store: s, facts: factsOf(s, spec) };
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base, model: "datagemma-mock", env: {}, retries: 0 });
    const r = await endpointRun(cfg, w, llm, new LocalDataCommons(s, { scorer: makeScorer("tfidf", s) }));
    assert.equal(r.llm, "openai:datagemma-mock");
    assert.equal(r.n, 5);
    assert.equal(r.callRate, 1);
    assert.equal(r.coverage, 1, "every asked fact is in the store");
    assert.equal(r.rig, 1, "DC's value replaces the guess");
    assert.ok(r.base < 1);
    assert.equal(r.flagRate, 1, "a guess of 1 million is > 5 % off every fixture value");
    assert.equal(r.dcAgreesGold, 1);
    assert.match(r.example?.text ?? "", /\|\| 1 million/);
    assert.equal(r.rag.n, 3);
    assert.equal(r.rag.legal, 1);
    assert.equal(r.rag.fellBack, 0);
    assert.equal(r.rag.cites, 1);
    assert.equal(r.rag.copiedInTable, 1, "the mock copies a number of Table 1");
    assert.equal(m.log.length, r.llmCalls, "every LLM call went to the endpoint");
    assert.ok(m.log.every((e) => e.body.temperature === 0.1 && e.body.model === "datagemma-mock"));
  } finally {
    await m.close();
  }
});

test("endpointRun: a failing endpoint stops the run with its status and an excerpt", async () => {
  const m = await mock((_body, _req, res) => {
    res.statusCode = 503;
    res.end("model is loading");
  });
  try {
    const s = tinyStore();
    const llm = new OpenAICompatibleLLM({ baseUrl: m.base, model: "x", env: {}, retries: 0 });
    await assert.rejects(endpointRun(cfg, { store: s, facts: factsOf(s, spec) }, llm, new LocalDataCommons(s, { scorer: makeScorer("tfidf", s) })), /503.*model is loading/);
  } finally {
    await m.close();
  }
});
