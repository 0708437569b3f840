import { test } from "node:test";
import assert from "node:assert/strict";
import { generatePcl, pclHash, PCL_GEN_DEFAULTS, MAX_TEXT_PIECES } from "../../../../lib/papers/pclgpt/generator";
import { GROUPS_EN } from "../../../../lib/papers/pclgpt/templates";
import { PCL_SYNTH_PINNED } from "../../../../datasets/entries/pcl-synth";
import { wordPieces } from "../../../../lib/llm/tokenizer";

const s = generatePcl(0);

test("pcl-synth: default output is deterministic and its hash is pinned", () => {
  assert.equal(pclHash(generatePcl(0)), pclHash(s));
  assert.equal(pclHash(s), PCL_SYNTH_PINNED);
  assert.notEqual(pclHash(generatePcl(1)), pclHash(s), "another seed gives other items");
});

test("pcl-synth: sizes and rates (DPM-like ≈ 9.5 % PCL, TD-like balanced, CPCL-like A/B/C/D 50/20/20/10 before noise)", () => {
  assert.equal(s.dpm.train.length, 4000);
  assert.equal(s.dpm.test.length, 1000);
  assert.equal(s.td.train.length + s.td.test.length, 3800);
  const rate = (xs: { label: number }[]) => xs.filter((x) => x.label === 1).length / xs.length;
  const dpm = [...s.dpm.train, ...s.dpm.test];
  assert.ok(Math.abs(rate(dpm) - 0.095) < 0.015, `DPM-like PCL rate ${rate(dpm)}`);
  assert.ok(Math.abs(rate([...s.td.train, ...s.td.test]) - 0.5) < 0.02);
  const cp = [...s.cpcl.train, ...s.cpcl.test];
  const clean = cp.filter((x) => !x.noisy);
  const share = [0, 1, 2, 3].map((g) => clean.filter((x) => x.grade === g).length / clean.length);
  [0.5, 0.2, 0.2, 0.1].forEach((p, g) => assert.ok(Math.abs(share[g] - p) < 0.02, `grade ${g}: ${share[g]}`));
  const noisy = cp.filter((x) => x.noisy).length / cp.length;
  assert.ok(Math.abs(noisy - PCL_GEN_DEFAULTS.noise) < 0.015, `noise ${noisy}`);
  // DPM-like levels: PCL iff level ≥ 2 on clean items
  for (const x of dpm) if (!x.noisy) assert.equal(x.label, x.level >= 2 ? 1 : 0);
});

test("pcl-synth: group PCL rates follow groupRates (highest first) and mild PCL is more common in later groups", () => {
  const big = generatePcl(3, { dpm: { nTrain: 20000, nTest: 0 }, td: { nTrain: 10, nTest: 0 }, cpcl: { nTrain: 10, nTest: 0 }, domainEn: 10, domainCn: 10 });
  const rates = GROUPS_EN.map((_, g) => { const it = big.dpm.train.filter((x) => x.group === g && !x.noisy); return it.filter((x) => x.label === 1).length / it.length; });
  PCL_GEN_DEFAULTS.groupRates.forEach((r, g) => assert.ok(Math.abs(rates[g] - r) < 0.025, `group ${g}: ${rates[g]} vs ${r}`));
  const mild = (g: number) => { const p = big.dpm.train.filter((x) => x.group === g && x.grade > 0); return p.filter((x) => x.grade === 1).length / p.length; };
  assert.ok(mild(0) < mild(4), `mild share ${mild(0)} < ${mild(4)}`);
});

test("pcl-synth: texts fit the prompt budget; hard negatives share the cue words; no real-group names", () => {
  for (const x of [...s.dpm.train, ...s.td.train]) assert.ok(wordPieces(x.text).length <= MAX_TEXT_PIECES, x.text);
  for (const x of s.cpcl.train) assert.ok([...x.text].length <= MAX_TEXT_PIECES, x.text);
  const reported = s.td.train.find((x) => x.kind === "reported");
  assert.ok(reported && reported.grade === 0, "reported PCL is not PCL");
  const all = [...s.dpm.train, ...s.td.train, ...s.domainEn].map((x) => (typeof x === "string" ? x : x.text)).join(" ");
  for (const w of ["homeless", "refugee", "immigrant", "migrant", "disabled", "poor families"]) assert.ok(!all.includes(w), w);
});

test("pcl-synth: bad options are named", () => {
  assert.throws(() => generatePcl(0, { noise: 2 }), /noise must be a rate in \[0, 1\]/);
  assert.throws(() => generatePcl(0, { groupRates: [0.1] }), /one entry per group/);
});
