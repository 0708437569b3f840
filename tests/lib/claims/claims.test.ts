import { test } from "node:test";
import assert from "node:assert/strict";
import { CLAIMS_MIME, claim, claimContext, ClaimError, claimsBundle, compareValues, evaluateClaim, isClaimsPayload, resetClaimContext } from "../../../lib/claims";
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
  assert.equal(b.data["text/plain"], "✓ holds  toy/acc — a <b> & c: paper 0.9, ours 0.88 (|0.88 − 0.9| = 0.02 ≤ 0.05)");
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
