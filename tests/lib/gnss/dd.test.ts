import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseReference, ddCovariance, ddOperator, formDoubleDifferences } from "../../../lib/gnss/dd";
import { mul, mulT, diag, toRows } from "../../../lib/gnss/linalg";

test("DD formation cancels receiver and satellite clocks exactly", () => {
  const rho = { r: { G01: 2.1e7, G05: 2.2e7, G09: 2.35e7 }, b: { G01: 2.1001e7, G05: 2.1998e7, G09: 2.3503e7 } };
  const dtR = 123.4; // rover clock (m)
  const dtB = -56.7; // base clock (m)
  const dts: Record<string, number> = { G01: 11, G05: -3, G09: 7 }; // satellite clocks (m)
  const rover = new Map(Object.entries(rho.r).map(([s, v]) => [s, v + dtR - dts[s]]));
  const base = new Map(Object.entries(rho.b).map(([s, v]) => [s, v + dtB - dts[s]]));
  const dd = formDoubleDifferences(rover, base, "G05");
  assert.deepEqual(dd.sats, ["G01", "G09"]);
  const expect = (s: "G01" | "G09") => rho.r[s] - rho.b[s] - (rho.r.G05 - rho.b.G05);
  assert.ok(Math.abs(dd.values[0] - expect("G01")) < 1e-6);
  assert.ok(Math.abs(dd.values[1] - expect("G09")) < 1e-6);
});

test("a reference-satellite slip shifts every phase DD by the same amount", () => {
  const rover = new Map([["G01", 10], ["G02", 20], ["G03", 30]]);
  const base = new Map([["G01", 1], ["G02", 2], ["G03", 3]]);
  const before = formDoubleDifferences(rover, base, "G02").values;
  rover.set("G02", 20 + 7); // slip of +7 on the reference
  const after = formDoubleDifferences(rover, base, "G02").values;
  assert.deepEqual(Array.from(after).map((v, i) => v - before[i]), [-7, -7]);
});

test("reference = highest elevation; missing reference is an error that says what to do", () => {
  assert.equal(chooseReference(new Map([["G01", 0.3], ["G02", 1.1], ["G03", 0.9]])), "G02");
  assert.throws(() => formDoubleDifferences(new Map([["G01", 1]]), new Map([["G01", 1]]), "G07"), /chooseReference/);
});

test("DD covariance equals D Σ_SD Dᵀ", () => {
  const sd = [0.4, 0.1, 0.2, 0.3]; // [ref, s1, s2, s3]
  const D = ddOperator(3);
  const full = mulT(mul(D, diag(sd)), D);
  assert.deepEqual(toRows(ddCovariance(sd[0], sd.slice(1))), toRows(full));
});
