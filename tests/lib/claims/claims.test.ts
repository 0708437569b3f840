import { test } from "node:test";
import assert from "node:assert/strict";
import { CLAIMS_MIME, claim, claimContext, ClaimError, claimsBundle, claimsHtml, claimsText, compareValues, evaluateClaim, isClaimsPayload, paperText, resetClaimContext, thresholdOf, thresholdText } from "../../../lib/claims";
import { DisplayBundle, setDisplaySink } from "../../../lib/display";

const base = { id: "acc", paper: "toy", statement: "reaches 0.9", paperValue: 0.9, ours: 0.88 };

test("tolerance: absolute and relative bounds, inclusive", () => {
  assert.equal(compareValues(0.9, 0.88, { kind: "tolerance", tol: 0.02 }).verdict, "holds");
  assert.equal(compareValues(0.9, 0.87, { kind: "tolerance", tol: 0.02 }).verdict, "does not hold");
  assert.equal(compareValues(100, 109, { kind: "tolerance", tol: 0.1, relative: true }).verdict, "holds");
  assert.equal(compareValues(100, 111, { kind: "tolerance", tol: 0.1, relative: true }).verdict, "does not hold");
  assert.equal(compareValues(0.9, 0.87, { kind: "tolerance", tol: 0.02 }).reason, "|0.87 − 0.9| = 0.03 > 0.02");
});

test("direction, atLeast, atMost, range", () => {
  assert.equal(compareValues("A > B", 0.1, { kind: "direction", expect: "greater" }).verdict, "holds");
  assert.equal(compareValues("A > B", -0.1, { kind: "direction", expect: "greater" }).verdict, "does not hold");
  assert.equal(compareValues(null, 0, { kind: "direction", expect: "greater" }).verdict, "does not hold", "a tie is not 'greater'");
  assert.equal(compareValues(null, 3, { kind: "direction", expect: "less", than: 5 }).verdict, "holds");
  assert.equal(compareValues(0.9, 0.95, { kind: "atLeast" }).verdict, "holds");
  assert.equal(compareValues(0.9, 0.85, { kind: "atLeast" }).verdict, "does not hold");
  assert.equal(compareValues(0.9, 0.85, { kind: "atLeast", value: 0.8 }).verdict, "holds");
  assert.equal(compareValues(10, 12, { kind: "atMost" }).verdict, "does not hold");
  assert.equal(compareValues(null, 2, { kind: "range", min: 1, max: 3 }).verdict, "holds");
  assert.equal(compareValues(null, 4, { kind: "range", min: 1, max: 3 }).verdict, "does not hold");
});

test("a value that was not measured never holds", () => {
  for (const ours of [NaN, Infinity, null, undefined]) {
    const r = compareValues(0.9, ours as number, { kind: "tolerance", tol: 1 });
    assert.equal(r.verdict, "not measured");
  }
  const rec = evaluateClaim({ ...base, ours: NaN, compare: { kind: "atLeast" } });
  assert.equal(rec.holds, false);
  assert.equal(rec.ours, null);
});

test("malformed claims are errors that say which field", () => {
  assert.throws(() => evaluateClaim({ ...base, id: "", compare: { kind: "atLeast" } }), (e) => e instanceof ClaimError && /claim\.id/.test(e.message));
  assert.throws(() => evaluateClaim({ ...base, paperValue: "high", compare: { kind: "tolerance", tol: 0.1 } }), /needs a number/);
  assert.throws(() => evaluateClaim({ ...base, compare: { kind: "tolerance", tol: -1 } }), /compare\.tol must be a number ≥ 0/);
  assert.throws(() => evaluateClaim({ ...base, compare: { kind: "bigger" } as never }), /unknown compare\.kind "bigger"/);
  assert.throws(() => evaluateClaim({ ...base, paper: undefined, compare: { kind: "atLeast" } }), /set paper/);
});

test("provenance: context defaults, explicit values win, versions recorded", () => {
  resetClaimContext();
  claimContext({ paper: "ctx-paper", scale: "smoke", seed: 3 });
  const r = evaluateClaim({ ...base, paper: undefined, backend: "cpu", wallTimeS: 1.234, compare: { kind: "atLeast", value: 0.5 } });
  assert.equal(r.paper, "ctx-paper");
  assert.equal(r.scale, "smoke");
  assert.deepEqual({ seed: r.provenance.seed, backend: r.provenance.backend, wall: r.provenance.wallTimeS }, { seed: 3, backend: "cpu", wall: 1.23 });
  assert.equal(r.provenance.versions.node, process.version);
  assert.match(r.provenance.versions.tfjs ?? "", /^4\./);
  assert.match(r.provenance.versions.paperlab ?? "", /^\d+\.\d+/);
  resetClaimContext();
});

test("the bundle carries the claims MIME type with HTML and text fallbacks (escaped)", () => {
  const r = evaluateClaim({ ...base, statement: "a <b> & c", compare: { kind: "tolerance", tol: 0.05 } });
  const b = claimsBundle([r]);
  assert.ok(isClaimsPayload(b.data[CLAIMS_MIME]));
  assert.equal((b.data[CLAIMS_MIME] as { claims: unknown[] }).claims[0], r);
  assert.match(String(b.data["text/html"]), /a &lt;b&gt; &amp; c/);
  assert.equal(b.data["text/plain"], "✓ holds  toy/acc — a <b> & c: paper 0.9, threshold 0.9 ± 0.05, ours 0.88 (|0.88 − 0.9| = 0.02 ≤ 0.05)");
});

test("the threshold is worded from the comparison, apart from the paper's number, with the unit", () => {
  assert.equal(thresholdText({ kind: "atLeast", value: 3 }, null, "points"), "≥ 3 points");
  assert.equal(thresholdText({ kind: "atLeast" }, 0.9, "share"), "≥ 0.9 share", "defaults to the paper's value, as the check does");
  assert.equal(thresholdText({ kind: "atMost", value: 1e-4 }, 0, "MSE"), "≤ 1.000e-4 MSE");
  assert.equal(thresholdText({ kind: "direction", expect: "greater" }, "A > B", "TPR"), "> 0 TPR");
  assert.equal(thresholdText({ kind: "direction", expect: "less", than: 1 }, null), "< 1");
  assert.equal(thresholdText({ kind: "range", min: 10, max: 25 }, 21.6, "%"), "in [10, 25] %");
  assert.equal(thresholdText({ kind: "tolerance", tol: 0.05 }, 0.93, "accuracy"), "0.93 ± 0.05 accuracy");
  assert.equal(thresholdText({ kind: "tolerance", tol: 0.1, relative: true }, 120, "ms"), "120 ms ± 10 %");
  assert.equal(thresholdText({ kind: "tolerance", tol: 0.1 }, "high"), "—");
  // The card's threshold and the paper's number land in different columns.
  const r = evaluateClaim({ ...base, id: "speedup", paperValue: 4.5, ours: 1.2, unit: "×", compare: { kind: "atLeast", value: 3 } });
  assert.equal(r.threshold, "≥ 3 ×");
  assert.equal(paperText(r), "4.5 ×");
  assert.match(claimsHtml([r]), /<th>paper<\/th><th>threshold<\/th><th>ours<\/th>/);
  assert.match(claimsHtml([r]), /<td>4\.5 ×<\/td><td>≥ 3 ×<\/td><td>1\.2 ×<\/td>/);
  // A claim may word its threshold itself (where it comes from); the check is still `compare`.
  const card = evaluateClaim({ ...base, paperValue: null, ours: 2, unit: "points", compare: { kind: "atLeast", value: 3 }, threshold: "≥ 3 points (card)" });
  assert.equal(card.threshold, "≥ 3 points (card)");
  assert.equal(card.verdict, "does not hold");
  assert.throws(() => evaluateClaim({ ...base, compare: { kind: "atLeast" }, threshold: "" }), /threshold must be the threshold in words/);
  // Records written before the field existed get it worded from their comparison.
  const { threshold: _t, ...old } = r;
  assert.equal(thresholdOf(old), "≥ 3 ×");
});

test("units follow numbers only: a paper value in words is shown as written, never with the unit again", () => {
  const r = evaluateClaim({ ...base, id: "mae", paperValue: "1–5 points", ours: 2.5, unit: "points", compare: { kind: "direction", expect: "greater" } });
  assert.equal(paperText(r), "1–5 points");
  assert.doesNotMatch(claimsText([r]), /points points/);
  assert.doesNotMatch(claimsHtml([r]), /points points/);
  assert.match(claimsText([r]), /paper 1–5 points, threshold > 0 points, ours 2\.5 points/);
  const spread = evaluateClaim({ ...base, paperValue: 0.9, ours: undefined, samples: [0.9, 0.92, 0.94], unit: "accuracy", compare: { kind: "atLeast" } });
  assert.match(claimsText([spread]), /paper 0\.9 accuracy, threshold ≥ 0\.9 accuracy, ours 0\.92 ± 0\.02 \(n = 3\) accuracy/);
});

test("claim() displays one row through the display sink and returns the record", () => {
  const shown: DisplayBundle[] = [];
  const prev = setDisplaySink({ display: (b) => shown.push(b), update() {}, clear() {} });
  try {
    const r = claim({ ...base, ours: 0.5, compare: { kind: "tolerance", tol: 0.05 } });
    assert.equal(r.verdict, "does not hold");
    assert.equal(shown.length, 1, "displayed synchronously");
    assert.deepEqual(shown[0].metadata, { paperlab: { claims: ["acc"] } });
    assert.equal((shown[0].data[CLAIMS_MIME] as { claims: Array<{ holds: boolean }> }).claims[0].holds, false);
  } finally {
    setDisplaySink(prev);
  }
});
