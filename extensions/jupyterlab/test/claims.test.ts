import { test } from "node:test";
import assert from "node:assert/strict";
import { newDocument } from "./dom";
import type { ClaimRow, ClaimsPayload } from "../../../lib/protocol";
import { renderClaims, parseClaims, provenanceText } from "../src/render/claims";

/** Two claims as lib/claims's claimsBundle() sends them (version 1; the protocol's type checks the fixture). */
export const CLAIMS: ClaimsPayload<ClaimRow & { compare: unknown; holds: boolean }> = {
  version: 1,
  claims: [
    {
      id: "toy-acc", paper: "toy-paper-ts", statement: "The toy model reaches 0.91 accuracy", paperValue: 0.91, ours: 0.9,
      compare: { kind: "tolerance", tol: 0.05 }, unit: "accuracy", scale: "smoke", holds: true, verdict: "holds",
      reason: "|0.9 − 0.91| = 0.01 ≤ 0.05", threshold: "0.91 ± 0.05 accuracy",
      provenance: { seed: 7, backend: "wasm", versions: { node: "v20.20.2", tfjs: "4.22.0", paperlab: "0.1.0" }, wallTimeS: 12.34, recordedAt: "2026-11-29T01:02:03.000Z" },
    },
    {
      id: "beats-<b>", paper: "p", statement: "A beats B <script>alert(1)</script>", paperValue: "A > B", ours: -0.02,
      compare: { kind: "direction", expect: "greater" }, scale: null, holds: false, verdict: "does not hold",
      reason: "-0.02 < 0 (expected > 0)", note: "smaller model",
      provenance: { seed: null, backend: null, versions: { node: "v20.20.2", tfjs: null, paperlab: null }, wallTimeS: 1, recordedAt: "2026-11-29T01:02:03.000Z" },
    },
  ],
};

test("claims: a table row per claim with verdict, paper value, threshold, ours, check, scale and provenance", () => {
  const doc = newDocument();
  const el = renderClaims(doc, CLAIMS);
  const rows = [...el.querySelectorAll("tbody tr")];
  assert.equal(rows.length, 2);
  const cells = (r: Element) => [...r.querySelectorAll("td")].map((td) => td.textContent);
  assert.deepEqual([...el.querySelectorAll("thead th")].map((th) => th.textContent), ["verdict", "claim", "paper", "threshold", "ours", "check", "scale", "provenance"]);
  assert.deepEqual(cells(rows[0]).slice(0, 7), [
    "✓ holds", "toy-paper-ts/toy-accThe toy model reaches 0.91 accuracy", "0.91 accuracy", "0.91 ± 0.05 accuracy", "0.9 accuracy", "|0.9 − 0.91| = 0.01 ≤ 0.05", "smoke",
  ]);
  assert.equal(cells(rows[0])[7], "seed 7 · wasm · tfjs 4.22.0 · node v20.20.2 · paperlab 0.1.0 · 12.34 s · 2026-11-29 01:02");
  assert.ok(rows[0].classList.contains("paperlab-holds"));
  assert.ok(rows[1].classList.contains("paperlab-fails"));
  assert.equal(cells(rows[1])[0], "✗ does not hold");
  assert.equal(cells(rows[1])[2], "A > B");
  assert.equal(cells(rows[1])[3], "—", "a payload from before the threshold field: a dash");
  assert.equal(cells(rows[1])[6], "—");
  assert.equal(el.querySelector("caption")?.textContent, "claims: 1 of 2 hold, 1 do not");
  // payload text is text, never markup
  assert.equal(el.querySelector("script"), null);
  assert.match(el.textContent ?? "", /A beats B <script>alert\(1\)<\/script>/);
  assert.equal(el.querySelector("small")?.textContent, "smaller model");
});

test("claims: a paper value in words is shown as written, never with its unit again", () => {
  const words = { ...CLAIMS.claims[0], paperValue: "1–5 points", ours: 2.5, unit: "points", threshold: "> 0 points" };
  const el = renderClaims(newDocument(), { version: 1, claims: [words] });
  const cells = [...el.querySelectorAll("tbody td")].map((td) => td.textContent);
  assert.deepEqual(cells.slice(2, 5), ["1–5 points", "> 0 points", "2.5 points"]);
  assert.doesNotMatch(el.textContent ?? "", /points points/);
});

test("claims: an empty list says so instead of rendering a blank table", () => {
  const el = renderClaims(newDocument(), { version: 1, claims: [] });
  assert.equal(el.querySelector("caption")?.textContent, "no claims in this output");
});

test("claims: malformed payloads give an error box naming the field, never a blank", () => {
  const doc = newDocument();
  const bad: [unknown, RegExp][] = [
    [null, /payload: expected an object, got null/],
    ["{\"version\":1}", /payload: expected an object, got the string/],
    [{ version: 1 }, /claims: expected an array of claims, got undefined/],
    [{ version: 2, claims: [] }, /version: payload version 2 is newer than this extension renders \(1\)/],
    [{ version: 1, claims: [{ ...CLAIMS.claims[0], verdict: "ok" }] }, /claims\[0\]\.verdict: expected one of "holds", "does not hold", "not measured", got the string "ok"/],
    [{ version: 1, claims: [CLAIMS.claims[0], { ...CLAIMS.claims[1], ours: "0.5" }] }, /claims\[1\]\.ours: expected a number or null/],
    [{ version: 1, claims: [{ ...CLAIMS.claims[0], id: 3 }] }, /claims\[0\]\.id: expected a string, got number 3/],
  ];
  for (const [data, message] of bad) {
    const el = renderClaims(doc, data);
    assert.ok(el.classList.contains("paperlab-error"), `error box for ${JSON.stringify(data)}`);
    assert.equal(el.getAttribute("role"), "alert");
    assert.match(el.querySelector(".paperlab-error-problem")?.textContent ?? "", message);
    assert.match(el.textContent ?? "", /cannot render application\/vnd\.paperlab\.claims\+json/);
    assert.match(el.textContent ?? "", /paperlab lab install/);
    assert.equal(el.querySelector("table"), null);
  }
  assert.throws(() => parseClaims({ version: 1, claims: [{ ...CLAIMS.claims[0], paperValue: [1] }] }), /claims\[0\]\.paperValue/);
});

test("claims: provenance text without fields says none was recorded", () => {
  assert.equal(provenanceText(undefined), "no provenance recorded");
  assert.equal(provenanceText({}), "no provenance recorded");
});

test("claims: a claim with per-seed samples shows ours as mean ± sd (n), as lib/claims writes it", () => {
  const spread = { n: 3, mean: 0.9, sd: 0.0123, min: 0.88, max: 0.91 };
  const el = renderClaims(newDocument(), { version: 1, claims: [{ ...CLAIMS.claims[0], spread }, { ...CLAIMS.claims[1], spread: { ...spread, n: 1, sd: 0 } }] });
  const ours = [...el.querySelectorAll("tbody tr")].map((r) => r.querySelectorAll("td")[4].textContent);
  assert.deepEqual(ours, ["0.9 ± 0.0123 (n = 3) accuracy", "-0.02 (n = 1)"]);
  assert.throws(() => parseClaims({ version: 1, claims: [{ ...CLAIMS.claims[0], spread: { ...spread, sd: "x" } }] }), /claims\[0\]\.spread\.sd: expected a number/);
});

test("claims: a claim decided on an interval shows it after ours, as lib/claims writes it", () => {
  const interval = { estimate: 0.12, lo: 0.031, hi: 0.2, level: 0.95, n: 20, method: "percentile bootstrap over 20 drives" };
  const el = renderClaims(newDocument(), { version: 1, claims: [{ ...CLAIMS.claims[0], ours: 0.12, interval }] });
  const ours = el.querySelector("tbody tr")?.querySelectorAll("td")[4].textContent;
  assert.equal(ours, "0.12 accuracy, 95 % interval [0.031, 0.2] (n = 20)");
  assert.throws(() => parseClaims({ version: 1, claims: [{ ...CLAIMS.claims[0], interval: { ...interval, lo: "x" } }] }), /claims\[0\]\.interval\.lo: expected a number/);
});
