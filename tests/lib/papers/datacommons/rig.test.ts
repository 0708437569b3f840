import { test } from "node:test";
import assert from "node:assert/strict";
import { functionLLM } from "../../../../lib/llm";
import { emptyCall, LocalDataCommons, type DataCommonsCall } from "../../../../lib/papers/datacommons/dc";
import { makeScorer } from "../../../../lib/papers/datacommons/retrieve";
import { dcCall, extractCalls, flagValue, formatHuman, parseNumber, parseValidation, relativeGap, rewrite, rigFlow, validationPrompt } from "../../../../lib/papers/datacommons/rig";
import { tinyStore } from "./fixture";

test("the __DC__ regex: question and guess, closing bracket optional, empty guess allowed", () => {
  const t = `CA had [__DC__("what was the population of california in 2020?") --> "39 million"] people and [__DC__("gdp of x") --> ""] and [__DC__("a b") --> "5%"`;
  assert.deepEqual(extractCalls(t).map((c) => [c.question, c.guess]), [["what was the population of california in 2020?", "39 million"], ["gdp of x", ""], ["a b", "5%"]]);
  assert.equal(extractCalls(`[__DC__("") --> "1"]`).length, 0, "an empty question is not a call");
});

test("parseNumber: million/billion/trillion/thousand, commas, percent", () => {
  assert.equal(parseNumber("39 million"), 39e6);
  assert.equal(parseNumber("1.2 billion"), 1.2e9);
  assert.equal(parseNumber("2.5 trillion USD"), 2.5e12);
  assert.equal(parseNumber("12 thousand"), 12e3);
  assert.equal(parseNumber("1,234,567"), 1234567);
  assert.equal(parseNumber("12.3%"), 12.3);
  assert.equal(parseNumber("-0.5"), -0.5);
  assert.equal(parseNumber("about a lot"), null);
  assert.equal(formatHuman(39_538_223), "39.5 million");
  assert.equal(formatHuman(1_234_000_000), "1.23 billion");
  assert.equal(formatHuman(78.456), "78.5");
  assert.equal(formatHuman(0.003421545), "0.00342");
});

test("flag at ±5 % of the guess; a guess of 0 counts as 100 %", () => {
  assert.equal(flagValue("105", "100"), false, "exactly +5 % is not flagged");
  assert.equal(flagValue("95", "100"), false, "exactly −5 % is not flagged");
  assert.equal(flagValue("105.01", "100"), true);
  assert.equal(flagValue("94.9", "100"), true);
  assert.equal(flagValue("40900000", "39 million"), false, "(40.9 − 39)/39 = 4.87 %");
  assert.equal(flagValue("41000000", "39 million"), true, "(41 − 39)/39 = 5.13 %");
  assert.equal(flagValue("3", "0"), true);
  assert.equal(relativeGap("3", "0"), 1);
  assert.equal(relativeGap("0.5", "0"), 1, "the gap is 100 % whatever the DC value");
  assert.equal(flagValue("3", "n/a"), false, "an unparsable guess is never flagged");
});

const call = (q: string, val: string, extra: Partial<DataCommonsCall> = {}): DataCommonsCall => ({
  ...emptyCall(q), val, date: "2020", src: "US Census Bureau", url: "https://dc/x", title: "Population", ...extra,
});

test("the four rewrites as exact text, with shared footnotes for a repeated question", () => {
  const q1 = "population of california in 2020";
  const q2 = "population of atlantis";
  const q3 = "unemployment rate in texas";
  const text = `A ${dcCall(q1, "39 million")}, B ${dcCall(q1, "30 million")}, C ${dcCall(q2, "5")}, D ${dcCall(q3, "")}, E ${dcCall(q1, "")}, F ${dcCall(q2, "")}.`;
  const answers = new Map<string, DataCommonsCall>([[q1, call(q1, "39538223")], [q2, emptyCall(q2)], [q3, call(q3, "4.1", { unit: "%", date: "2023-05", src: "BLS", url: "https://dc/u" })]]);
  const r = rewrite(text, answers);
  assert.equal(
    r.text,
    "A [__DC__#1(39538223 [1] || 39 million)], B [__DC__#2(39538223 [1]* || 30 million)], C [__DC__#3(|| 5)], " +
      "D [__DC__#4(4.1 % [2] ||)], E [__DC__#5(39538223 [1] ||)], F [__DC__#6(--- || ---)].",
  );
  assert.deepEqual(r.footnotes, [
    "[1] - Per US Census Bureau, value was 39538223 in 2020. See more at https://dc/x",
    "[2] - Per BLS, value was 4.1 % in 2023-05. See more at https://dc/u",
  ]);
  assert.deepEqual(r.calls.map((c) => c.flagged), [false, true, false, false, false, false]);
});

test("validation prompt and reply parsing", () => {
  const p = validationPrompt([{ question: "q one", title: "T1" }, { question: "q two", title: "T2" }]);
  assert.match(p, /\[\[QA1\]\]:\n  Question: q one\n  Answer: T1\n\[\[QA2\]\]:\n  Question: q two\n  Answer: T2$/);
  assert.deepEqual([...parseValidation("[[QA2]]\n junk\n[[QA9]]\n[[QA1]] extra", 2)], [1]);
});

test("rigFlow: model text → DC point calls → rewrite; validation drops what the validator does not keep", async () => {
  const s = tinyStore();
  const dc = new LocalDataCommons(s, { scorer: makeScorer("bm25", s) });
  const answer = `France had ${dcCall("what was the population of France in 2000?", "60 million")} people; Germany ${dcCall("what was the life expectancy of Germany in 2000?", "78")}.`;
  const llm = functionLLM("scripted", (prompt) => (prompt.startsWith("Below are questions") ? "[[QA2]]" : answer));
  const plain = await rigFlow("tell me about France and Germany", llm, dc);
  assert.equal(plain.text, "France had [__DC__#1(59000000 [1] || 60 million)] people; Germany [__DC__#2(78.1 years [2] || 78)].");
  assert.deepEqual([plain.llmCalls, plain.dcCalls], [1, 2]);
  const checked = await rigFlow("tell me about France and Germany", llm, dc, { validate: true });
  assert.equal(checked.text, "France had [__DC__#1(|| 60 million)] people; Germany [__DC__#2(78.1 years [1] || 78)].");
  assert.equal(checked.llmCalls, 2);
  const untuned = functionLLM("untuned", () => "France had 60 million people in 2000.");
  const annotator = functionLLM("annotator", (p) => (p.includes("Text: France had 60 million") ? `France had ${dcCall("what was the population of France in 2000?", "60 million")} people in 2000.` : "?"));
  const ic = await rigFlow("France?", untuned, dc, { annotator });
  assert.equal(ic.text, "France had [__DC__#1(59000000 [1] || 60 million)] people in 2000.");
  assert.equal(ic.llmCalls, 2);
});
