import { test } from "node:test";
import assert from "node:assert/strict";
import { answer, mock } from "../../llm/mock-server";
import { API_NOT_RUN, apiLlmRows, apiPrompt, macroScores, parseAnswer, type PclItem, type PclSet } from "../../../../lib/papers/pclgpt";

const item = (text: string, label: 0 | 1, grade = label ? 2 : 0): PclItem => ({ text, label, grade, level: grade ? grade + 1 : 0, group: 0, kind: "neutral", noisy: false });

test("API rows: without an endpoint every set reads 'not run' and nothing is sent", async () => {
  const set: PclSet = { lang: "en", train: [], test: [item("x", 0)] };
  const rows = await apiLlmRows([{ name: "dpm", set }, { name: "td", set }], { n: 10, env: {} });
  assert.deepEqual(rows.map((r) => [r.set, r.status, r.note]), [["dpm", "not run", API_NOT_RUN], ["td", "not run", API_NOT_RUN]]);
  assert.ok(rows.every((r) => Number.isNaN(r.f1) && r.n === 0));
  assert.match(API_NOT_RUN, /LLM_BASE_URL/);
});

test("API rows: zero-shot through the shared client; the reply alone is parsed, unparseable replies are errors", async () => {
  // the mock reads the text after the arrow: 'rude' → "TRUE.", 'odd' → no label (the prompt's own TRUE must not count)
  const reply = (p: string) => { const text = p.slice(p.indexOf("->")); return text.includes("rude") ? "TRUE." : text.includes("odd") ? "I cannot tell." : text.includes("（") ? "答：C" : "**FALSE**"; };
  const m = await mock((body, _req, res) => res.end(answer(reply((body.messages as { content: string }[])[0].content))));
  const prompts = () => m.log.map((x) => (x.body.messages as { content: string }[])[0].content);
  try {
    const en: PclSet = { lang: "en", train: [], test: [item("a rude one", 1), item("a kind one", 0), item("a rude kind one", 0), item("an odd one", 1), item("a plain one", 0), item("not sent", 1)] };
    const cn: PclSet = { lang: "cn", train: [], test: [item("一", 0), item("二", 1, 3)] };
    const rows = await apiLlmRows([{ name: "td", set: en }, { name: "cpcl", set: cn }], { n: 5, env: { LLM_BASE_URL: m.base, LLM_MODEL: "mock-model" } });
    assert.equal(prompts().length, 5 + 2, "first n items of each set, one request each");
    assert.equal(prompts()[0], apiPrompt("en", "a rude one"));
    assert.ok(prompts()[0].includes("TRUE or FALSE"), "the prompt names the verbalizers");
    const [td, cp] = rows;
    assert.deepEqual([td.status, td.model, td.n, td.parsed], ["run", "openai:mock-model", 5, 4]);
    // truth 1,0,0,1,0; predictions TRUE, FALSE, TRUE, (unparseable → wrong: 0), FALSE
    const want = macroScores([1, 0, 0, 1, 0], [1, 0, 1, 0, 0]);
    assert.deepEqual([td.p, td.r, td.f1], [want.p, want.r, want.f1]);
    assert.ok(td.f1 < 100 && td.f1 > 0);
    // CN: "C" on both → binary PCL for both; truth A (0) and D (1)
    assert.deepEqual([cp.n, cp.parsed, cp.f1], [2, 2, macroScores([0, 1], [1, 1]).f1]);
  } finally {
    await m.close();
  }
});

test("parse: EN verbalizers as whole words of the reply (README order), not inside other words", () => {
  assert.equal(parseAnswer("en", "TRUE."), 1);
  assert.equal(parseAnswer("en", "**FALSE**"), 0);
  assert.equal(parseAnswer("en", "UNTRUE"), null);
});
