import { test } from "node:test";
import assert from "node:assert/strict";
import { claimSpecs, c1Gap, c2Monotone, THRESHOLDS } from "../../../../lib/papers/datacommons/claims";
import { SCALES, requireFullScale } from "../../../../lib/papers/datacommons/config";
import { factsOf, pointQuestions, popularity, questionOf, typo, weightedDraws } from "../../../../lib/papers/datacommons/data";
import { hiddenVariables, makeWorld, simulatedRag, simulatedRig, thresholdSweep, within, type DatacommonsResults, type LMRunResult } from "../../../../lib/papers/datacommons/experiment";
import { d2Spec, d3Spec, d4Spec, d5Spec, errorsSpec, d1Markdown } from "../../../../lib/papers/datacommons/figures";
import { exampleBatch, exampleOf, LM_SPECIALS, questionModel, ragQuery, seriesIndex, templateQuestioner, templateQuestions } from "../../../../lib/papers/datacommons/lm";
import { functionLLM } from "../../../../lib/llm/llm";
import { LocalDataCommons } from "../../../../lib/papers/datacommons/dc";
import { makeScorer } from "../../../../lib/papers/datacommons/retrieve";
import { isLegalQuestion, MAX_QUESTIONS, questionPrompt, ragRetrieve } from "../../../../lib/papers/datacommons/rag";
import { ragQuestionRun } from "../../../../lib/papers/datacommons/experiment";
import { SimulatedLLM } from "../../../../lib/papers/datacommons/simulated";
import { extractCalls, parseNumber } from "../../../../lib/papers/datacommons/rig";
import { Rng } from "../../../../lib/core/train/seed";
import { Tokenizer } from "../../../../lib/llm/tokenizer";
import { assertFigureLayout } from "../../viz/helpers";
import { detokenize } from "../../../../lib/llm/local";
import { tinyStore } from "./fixture";

const cfg = SCALES.config("smoke");
const spec = { places: 4, years: [2000, 2001], variables: ["Count_Person", "LifeExpectancy_Person"], zipf: 1 };

test("facts, Zipf popularity, seeded draws and questions", () => {
  const s = tinyStore();
  const facts = factsOf(s, spec);
  assert.equal(facts[0].place, "United States", "rank 0 is the most populous country in 2000");
  assert.equal(facts.length, 2 * 2 + 2 * 2 + 2 * 2 + 1 * 2, "Georgia has one year");
  assert.deepEqual(popularity(facts, 1).slice(0, 1), [1]);
  const a = weightedDraws([0, 1, 0], 5, new Rng(1));
  assert.deepEqual(a, [1, 1, 1, 1, 1]);
  assert.deepEqual(weightedDraws([1, 2, 3], 20, new Rng(7)), weightedDraws([1, 2, 3], 20, new Rng(7)));
  assert.equal(questionOf(facts[0]), "what was the population of united states in 2000?");
  assert.equal(typo("population", new Rng(0)).length, 10);
  assert.notEqual(typo("population", new Rng(0)), "population");
  const qs = pointQuestions(s, facts, 50, { pPara: 0.5, unanswerable: 0.2 }, 3);
  assert.ok(qs.some((q) => q.kind === "unanswerable") && qs.some((q) => q.kind === "typo") && qs.some((q) => q.kind === "reworded"));
  assert.deepEqual(qs, pointQuestions(s, facts, 50, { pPara: 0.5, unanswerable: 0.2 }, 3), "seeded");
  assert.deepEqual(hiddenVariables(spec.variables, 0.5, 0).length, 1);
  assert.deepEqual(hiddenVariables(spec.variables, 0, 0), []);
  assert.ok(within(100.9, 100) && !within(101.1, 100) && within(104, 100, 0.05));
});

test("LM corpus: the RIG example is a parsable call; batches score only the answer; detokenize restores the markup", () => {
  const s = tinyStore();
  const facts = factsOf(s, spec);
  const rng = new Rng(0);
  const series = seriesIndex(facts);
  const ex = exampleOf("rig", facts[0], facts, series, cfg.lm, rng);
  assert.equal(ex.answer, '[__DC__("what was the population of united states in 2000?") --> "282 million"]');
  const tab = exampleOf("table", facts[0], facts, series, { ...cfg.lm, tableRows: 2 }, rng);
  assert.equal(tab.prompt, "Table 1: Population in United States\n2000 | 282 million\n2001 | 285 million\nwhat was the population of united states in 2000?");
  assert.equal(tab.answer, "282 million [Table 1]");
  const val = exampleOf("validation", facts[0], facts, series, cfg.lm, rng);
  assert.ok(["yes", "no"].includes(val.answer));
  const tok = Tokenizer.fit([ex.prompt, ex.answer, tab.prompt, tab.answer], { mode: "word", maxVocab: 200, specials: LM_SPECIALS });
  const b = exampleBatch(tok, [ex], 64);
  const promptLen = tok.encode(ex.prompt).length + 2;
  assert.equal(b.positions.length, tok.encode(ex.answer).length + 1, "answer tokens and <eos>");
  assert.equal(b.positions[0], promptLen - 1, "the first scored output is at <sep>");
  const pieces = tok.encode(ex.answer).map((i) => tok.vocab[i]);
  const text = detokenize(pieces, new Set(LM_SPECIALS));
  assert.equal(text, ex.answer);
  assert.equal(extractCalls(text)[0].guess, "282 million");
  assert.equal(detokenize(tok.encode(tab.answer).map((i) => tok.vocab[i]), new Set(LM_SPECIALS)), "282 million [Table 1]");
});

test("RAG questions: the three query kinds, templates invert them, the LM adapter splits at '?', dedupes and caps", async () => {
  const s = tinyStore();
  const facts = factsOf(s, spec);
  const us = facts[0];
  const fr = facts.find((f) => f.place === "France" && f.varId === us.varId && f.year === us.year) ?? us;
  const cmp = ragQuery("compare", us, fr);
  assert.equal(cmp.query, "which had a higher population in 2000, united states or france?");
  assert.deepEqual(cmp.questions, ["What is population in united states?", "What is population in france?"]);
  assert.deepEqual(ragQuery("trend", us, fr).questions, ["How has population changed over time in united states?"]);
  for (const k of ["point", "trend", "compare"] as const) {
    const r = ragQuery(k, us, fr);
    assert.deepEqual(templateQuestions(r.query), r.questions, k);
    assert.ok(r.questions.every(isLegalQuestion), k);
  }
  const rq = exampleOf("ragq", us, facts, seriesIndex(facts), cfg.lm, new Rng(1));
  assert.match(rq.prompt, /^questions for: /);
  assert.ok(rq.answer.split("? ").length <= 2 && rq.answer.endsWith("?"));
  // The adapter: the reply's questions one per line; ragRetrieve drops the repeat and caps at 25.
  const echo = functionLLM("echo", (p) => (p.startsWith("questions for: which") ? "What is population in france? What is population in france? What is population in germany?" : "?"));
  const dc = new LocalDataCommons(s, { scorer: makeScorer("tfidf", s) });
  const r = await ragRetrieve(cmp.query, questionModel(echo), dc);
  assert.deepEqual(r.questions, ["What is population in france?", "What is population in germany?"]);
  assert.equal(r.rawLines, 3);
  assert.deepEqual(r.blocks.map((b) => b.call.places), [["france"], ["germany"]].map(([p]) => [s.places.find((x) => x.name.toLowerCase() === p)?.id]));
  const many = functionLLM("many", () => Array.from({ length: 40 }, (_, i) => `What is population in place${i}?`).join(" "));
  assert.equal((await ragRetrieve(cmp.query, questionModel(many, 400), dc)).questions.length, MAX_QUESTIONS);
  assert.equal(await templateQuestioner.generate(questionPrompt(cmp.query)), cmp.questions.join("\n"));
  // The LM vs template statistics: an LM that writes the template's questions matches it on every count.
  const perfect = functionLLM("perfect", (p) => templateQuestions(p.replace(/^questions for: /, "")).join(" "));
  const st = await ragQuestionRun(perfect, { store: s, facts }, dc, 6, 1, 0);
  assert.equal(st.exact, 1);
  assert.equal(st.legal, 1);
  assert.equal(st.duplicates, 0);
  assert.equal(st.tableHit, st.tableHitTemplate);
  assert.ok(st.tableHit > 0.5, `${st.tableHit}`);
  const mute = await ragQuestionRun(functionLLM("mute", () => ""), { store: s, facts }, dc, 6, 1, 0);
  assert.equal(mute.tableHit, 0);
  assert.equal(mute.perQuery, 0);
});

test("simulated LLM: p_know 1 knows everything within 3 sd; RIG and RAG flows give sane rows", async () => {
  const s = tinyStore();
  const facts = factsOf(s, spec);
  const sim = new SimulatedLLM(s, { pKnow: 1, pPara: 0, pInf: 0, seed: 0 });
  for (const f of facts) {
    const v = sim.recall(f.varId, f.placeId, f.year) as number;
    assert.ok(Math.abs(Math.log(v / f.value)) < 0.09 + 1e-9, `${f.place} ${f.year}`);
  }
  const w = { store: s, facts };
  const small = { ...cfg, simulated: { ...cfg.simulated, pKnow: [0, 1], pPara: [0], questions: 10, ragQueries: 6, pInf: 0 } };
  const rows = await simulatedRig(small, w);
  const acc = (p: number, sys: string) => rows.find((r) => r.pKnow === p && r.system === sys)?.accuracy ?? NaN;
  assert.ok(acc(1, "base") > acc(0, "base"));
  assert.equal(acc(0, "RIG"), 1, "every asked fact is in the store, so RIG gives the truth");
  const rag = await simulatedRag(small, w);
  assert.deepEqual(rag.rows.map((r) => [r.kind, r.correct]), [["copied", 1], ["inferred", 1]], "p_inf 0: no injected error");
  const sweep = await thresholdSweep({ ...cfg, retrieval: { questions: 40, pPara: 0.3, unanswerable: 0.2 } }, w);
  assert.equal(sweep.length, cfg.scorers.filter((n) => n !== "encoder").length * cfg.taus.length, "no trained encoder: its rows are left out");
  assert.ok(c2Monotone(sweep, "tfidf").coverageDrop >= 0);
});

const fakeRun = (seed: number, base: number, rig: number, parseRate: number): LMRunResult => ({
  seed, base, base5: base, rig, rigValidated: rig, parseRate,
  coverage: [{ seed, hidden: 0, accuracy: rig, coverage: 1, precision: rig, base, predicted: rig }, { seed, hidden: 0.5, accuracy: 0.5, coverage: 0.5, precision: 1, base, predicted: 0.5 + 0.5 * base }],
  flags: { recall: 0.95, offCount: 10, falseFlagRate: 0.1, closeCount: 10, reasons: { date: 1, variable: 0, place: 0, value: 0 } },
  tableCopy: 0.02, ragQuestions: { n: 3, legal: 1, exact: 0.67, perQuery: 1.3, duplicates: 1, tableHit: 0.67, tableHitTemplate: 1, example: { query: "q", questions: ["What is population in china?"] } }, errors: { "no call": 1 }, d1: { question: "q", text: "A [__DC__#1(5 [1]* || 4)]", footnotes: ["[1] - Per X"] },
  train: { steps: 1, wallMs: 1, msPerStep: 1, finalLoss: 1, params: 1, cpuMs: 1 },
});

test("claims: regime guards gate the LM claims; C1 gap; figures build and are laid out cleanly", async () => {
  const res: DatacommonsResults = {
    lm: [fakeRun(0, 0.1, 0.9, 0.95), fakeRun(1, 0.12, 0.92, 0.97), fakeRun(2, 0.08, 0.88, 0.93)],
    sweep: [{ scorer: "tfidf", tau: 0.5, coverage: 0.9, precision: 0.8 }, { scorer: "tfidf", tau: 0.9, coverage: 0.6, precision: 0.95 }],
    precision: [{ scorer: "keyword", kind: "paraphrased", p1: 0.6, n: 10 }, { scorer: "tfidf", kind: "paraphrased", p1: 0.9, n: 10 }],
    simRig: [0.05, 0.15, 0.4].flatMap((pKnow) => [0, 0.3, 0.6].map((pPara) => ({ pKnow, pPara, system: "RIG" as const, accuracy: 1 - pPara / 2 }))),
    simRag: { rows: [{ kind: "copied", correct: 1, n: 5 }, { kind: "inferred", correct: 0.9, n: 5 }], noAnswer: 0 },
  };
  const d2 = JSON.stringify(d2Spec(res));
  for (const label of ["simulated p_know 0.05 (p_para 0)", "simulated p_know 0.4 (p_para 0)", "simulated p_para 0.3 (p_know 0.15)", "simulated p_para 0.6 (p_know 0.15)"]) assert.ok(d2.includes(label), label);
  assert.ok(!d2.includes("p_para 0.6 (p_know 0.05)"), "the p_para sweep is drawn at the middle p_know only");
  assert.ok(Math.abs(c1Gap(res.lm[0]) - 0.05) < 1e-12, "|0.5 − (0.5 + 0.5·0.1)| = 0.05");
  const specs = new Map(claimSpecs(res).map((c) => [c.id, c]));
  assert.equal(specs.get("c4-retriever-robustness")?.ours, 0.9 - 0.6);
  const withEnc = claimSpecs({ ...res, precision: [...res.precision, { scorer: "encoder", kind: "paraphrased", p1: 0.95, n: 10 }] });
  assert.ok(Math.abs((withEnc.find((c) => c.id === "c4-retriever-robustness")?.ours ?? NaN) - 0.35) < 1e-12, "the better of TF-IDF and the encoder counts");
  assert.equal(specs.get("c2-threshold-tradeoff")?.ours, 0.9 - 0.6);
  assert.equal(specs.get("rig-beats-base")?.guards?.length, 2);
  assert.equal(specs.get("c5-rag-copy-vs-inference")?.guards?.[0].atLeast, THRESHOLDS.copyFloor);
  const bad = { ...res, sweep: [...res.sweep, { scorer: "tfidf", tau: 0.7, coverage: 0.95, precision: 0.9 }] };
  assert.equal(claimSpecs(bad).find((c) => c.id === "c2-threshold-tradeoff")?.ours, 0, "coverage rising with τ is not monotone");
  for (const [name, spec] of Object.entries({ d2: d2Spec(res), d3: d3Spec(res), d4: d4Spec(res), d5: d5Spec(res), errors: errorsSpec(res) })) {
    assert.match(JSON.stringify(spec), /"\$schema"/);
    await assertFigureLayout(`datacommons ${name}`, spec); // issue 27: every named figure's text inside the canvas and apart
  }
  assert.match(d1Markdown(res.lm[0]), /\[__DC__#1\(5 \[1\]\\\* \|\| 4\)\]/);
  assert.throws(() => requireFullScale({}), /DC_API_KEY.*LLM_BASE_URL \+ LLM_MODEL/);
  assert.equal(parseNumber("1.5 million"), 1.5e6);
  assert.ok(makeWorld);
});
