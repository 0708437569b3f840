import { test } from "node:test";
import assert from "node:assert/strict";
import { fromNlResponse, LocalDataCommons, renderTable, roundFloat, TAU_POINT, TAU_TABLE } from "../../../../lib/papers/datacommons/dc";
import { makeScorer, type Scorer } from "../../../../lib/papers/datacommons/retrieve";
import { DataCommonsStore } from "../../../../lib/papers/datacommons/remote";
import { tinyStore } from "./fixture";

/** A scorer that gives `x` to population and 0 to everything else. */
const fixed = (x: number): Scorer => ({ name: "keyword", score: () => [x, 0, 0, 0, 0, 0, 0] });

test("roundFloat and renderTable: 4 decimals, DC's pipe layout", () => {
  assert.equal(roundFloat("1.234567"), "1.2346");
  assert.equal(roundFloat(2.5), "2.5");
  assert.equal(roundFloat("59000000"), "59000000");
  assert.equal(roundFloat("n/a"), "n/a");
  assert.equal(renderTable([["date", "v"], ["2000", "0.123456"], ["2001", "7"]]), "date | v\n--------\n2000 | 0.1235\n2001 | 7\n");
});

test("point mode: value at the date, else the latest; τ_pt 0.8 is inclusive", async () => {
  const s = tinyStore();
  const dc = new LocalDataCommons(s, { scorer: makeScorer("bm25", s) });
  assert.equal(dc.tauPoint, TAU_POINT);
  assert.equal(dc.tauTable, TAU_TABLE);
  const r = await dc.point("what was the population of France in 2000?");
  assert.deepEqual([r.val, r.date, r.title, r.src, r.variable], ["59000000", "2000", "Population in France", "Gapminder (dslabs 0.7.4)", "Count_Person"]);
  const late = await dc.point("what was the population of France in 1990?");
  assert.deepEqual([late.val, late.date], ["59400000", "2001"], "a missing date falls back to the latest, as DC does");
  assert.equal((await dc.point("what is the diabetes prevalence in France?")).val, "");
  assert.equal((await dc.point("what was the population in 2000?")).val, "", "no place, no answer");
  assert.equal(dc.calls, 4);
  const at = new LocalDataCommons(s, { scorer: fixed(0.8) });
  assert.equal((await at.point("population of France")).val, "59400000");
  const below = new LocalDataCommons(s, { scorer: fixed(0.7999) });
  assert.equal((await below.point("population of France")).val, "");
  assert.equal((await below.table("population of France")).title, "Population in France", "0.7999 < 0.8 but ≥ 0.7: table mode answers");
  assert.throws(() => new LocalDataCommons(s, { scorer: fixed(1), tauPoint: 1.5 }), /τ must be a number in \[0, 1\]/);
});

test("table mode: τ_tab 0.7 inclusive; child places of a type, or the series over time", async () => {
  const s = tinyStore();
  const at = new LocalDataCommons(s, { scorer: fixed(0.7) });
  const series = await at.table("How has population changed over time in France?");
  assert.equal(series.title, "Population in France");
  assert.equal(series.table, "date | Count_Person\n-------------------\n2000 | 59000000\n2001 | 59400000\n");
  const kids = await at.table("What is population in Europe countries in 2000?");
  assert.equal(kids.table, "place | date | Count_Person\n---------------------------\nFrance | 2000 | 59000000\nGermany | 2000 | 82200000\n");
  assert.equal((await new LocalDataCommons(s, { scorer: fixed(0.6999) }).table("population of France")).table, "");
});

test("fromNlResponse: the NL service's fields (first LINE/HIGHLIGHT chart; first chart's CSV); DataCommonsStore replays", async () => {
  const json = {
    charts: [
      { type: "BAR", title: "skip me" },
      { type: "LINE", highlight: { value: 39538223.0, date: "2020" }, unit: "", srcs: [{ name: "US Census Bureau" }], title: "Population in California", dcUrl: "https://datacommons.org/explore#q=x", data_csv: "" },
    ],
    debug: { debug: { sv_matching: { SV: ["Count_Person"], CosineScore: [0.93] } } },
  };
  const p = fromNlResponse("population of california", json, "point");
  assert.deepEqual([p.val, p.date, p.src, p.variable, p.score], ["39538223", "2020", "US Census Bureau", "Count_Person", 0.93]);
  assert.equal(p.url, "https://datacommons.org/explore#q=x&mode=toolformer_rig");
  const t = fromNlResponse("q", { charts: [{ type: "BAR", title: "T", srcs: [{ name: "S" }], data_csv: 'place,"value, people"\nA,1.234567\n' }] }, "table");
  assert.equal(t.table, "place | value, people\n---------------------\nA | 1.2346\n");
  assert.equal(fromNlResponse("q", {}, "point").val, "");
  assert.equal(fromNlResponse("q", {}, "point").score, -1);
  assert.throws(() => new DataCommonsStore({ environ: {} }), /set DC_API_KEY/);
  const dc = new DataCommonsStore({ apiKey: "K", env: "nl" });
  assert.equal(dc.url("what is the population of France?", "point"), "https://nl.datacommons.org/nodejs/query?&q=what+is+the+population+of+France%3F&allCharts=1&mode=toolformer_rig&idx=base_uae_mem&key=K");
  const fs = await import("fs");
  const os = await import("os");
  const path = await import("path");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-dc-")), "dc.json");
  fs.writeFileSync(file, JSON.stringify([{ mode: "point", query: "population of california", response: json, at: "2024-09-01T00:00:00Z" }]));
  const rep = new DataCommonsStore({ fixtures: { mode: "replay", file }, environ: {} });
  assert.equal((await rep.point("population of california")).val, "39538223");
  await assert.rejects(rep.table("population of california"), /no recorded Data Commons answer/);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
