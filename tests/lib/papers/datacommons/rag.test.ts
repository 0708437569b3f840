import { test } from "node:test";
import assert from "node:assert/strict";
import { functionLLM } from "../../../../lib/llm";
import { emptyCall, LocalDataCommons, type DataCommonsCall } from "../../../../lib/papers/datacommons/dc";
import { answerPrompt, citations, isLegalQuestion, MAX_QUESTIONS, parseQuestions, ragFlow, tableBlocks } from "../../../../lib/papers/datacommons/rag";
import { makeScorer } from "../../../../lib/papers/datacommons/retrieve";
import { tinyStore } from "./fixture";

test("questions: trimmed, deduplicated (first kept), capped at 25; the three legal forms", () => {
  assert.deepEqual(parseQuestions("  What is a in B?\n\nWhat is a in B?\nHow has c changed over time in D?  \n"), ["What is a in B?", "How has c changed over time in D?"]);
  const many = Array.from({ length: 40 }, (_, i) => `What is m${i % 30} in P?`).join("\n");
  const qs = parseQuestions(many);
  assert.equal(qs.length, MAX_QUESTIONS);
  assert.equal(new Set(qs).size, 25);
  assert.equal(parseQuestions(many, 5).length, 5);
  assert.ok(isLegalQuestion("What is population in California counties?"));
  assert.ok(isLegalQuestion("How has population changed over time in Europe countries?"));
  assert.ok(!isLegalQuestion("Tell me the population of France"));
});

test("table blocks: numbered among kept tables, repeated titles dropped, exact text; citations", () => {
  const t = (title: string, table: string, unit = ""): DataCommonsCall => ({ ...emptyCall(title), title, table, unit, src: "Gapminder" });
  const blocks = tableBlocks([t("Population in France", "date | v\n--------\n2000 | 59000000\n"), emptyCall("x"), t("Population in France", "other\n"), t("Life expectancy in France", "date | v\n--------\n2000 | 79.1\n", "years")]);
  assert.deepEqual(blocks.map((b) => b.index), [1, 2]);
  assert.equal(blocks[0].text, "Table 1: Population in France, according to Gapminder\ndate | v\n--------\n2000 | 59000000\n");
  assert.equal(blocks[1].text, "Table 2: Life expectancy in France (unit: years), according to Gapminder\ndate | v\n--------\n2000 | 79.1\n");
  assert.match(answerPrompt("q?", blocks), /Table 1: Population in France.*\n(.|\n)*Table 2: .*\n(.|\n)*Query: q\?\nAnswer:$/);
  assert.deepEqual(citations("It grew from 59 [Table 1] to 79.1 [Table 2], see [Table 1]."), [1, 2]);
});

test("ragFlow: tables reach the answerer; [NO ANSWER] or no table sends the bare query", async () => {
  const s = tinyStore();
  const dc = new LocalDataCommons(s, { scorer: makeScorer("bm25", s) });
  const prompts: string[] = [];
  const llm = functionLLM("scripted", (p) => {
    prompts.push(p);
    if (p.startsWith("Write the statistical questions")) return p.includes("Atlantis") ? "What is population in Atlantis?" : "What is population in France?\nWhat is population in France?";
    if (p.startsWith("Answer the query")) return p.includes("France in 2000?") ? "[NO ANSWER] sorry" : "It was 59400000 [Table 1].";
    return "bare answer";
  });
  const ok = await ragFlow("How many people live in France?", llm, dc);
  assert.deepEqual(ok.questions, ["What is population in France?"]);
  assert.equal(ok.blocks.length, 1);
  assert.equal(ok.answer, "It was 59400000 [Table 1].");
  assert.deepEqual([ok.fellBack, ok.noAnswer, ok.llmCalls], [false, false, 2]);
  const none = await ragFlow("Atlantis?", llm, dc);
  assert.deepEqual([none.answer, none.fellBack, none.noAnswer, none.llmCalls], ["bare answer", true, false, 2]);
  const refused = await ragFlow("Population of France in 2000?", llm, dc);
  assert.deepEqual([refused.answer, refused.fellBack, refused.noAnswer, refused.llmCalls], ["bare answer", true, true, 3]);
  assert.equal(prompts[prompts.length - 1], "Population of France in 2000?");
});
