import * as assert from "node:assert/strict";
import { test } from "node:test";
import { loadVegaTable, VEGA_TABLES } from "../../../datasets/entries/vega";
import { assertRejectsDataset } from "../helpers";

test("vega-datasets tables read with fs: gapminder.json, seattle-weather.csv (typed), unemployment.tsv", async () => {
  const g = await loadVegaTable({ table: "gapminder.json" });
  assert.equal(g.rows.length, 682);
  assert.ok(g.columns.includes("life_expect"));
  assert.ok(g.licences.some((l) => /Creative Commons Attribution 4.0/.test(l)));
  const w = await loadVegaTable({ table: "seattle-weather.csv" });
  assert.equal(w.rows.length, VEGA_TABLES["seattle-weather.csv"].rows);
  assert.equal(typeof w.rows[0].temp_max, "number");
  assert.equal(typeof w.rows[0].weather, "string");
  const u = await loadVegaTable({ table: "unemployment.tsv" });
  assert.deepEqual(u.columns, ["id", "rate"]);
  assert.equal(u.rows.length, 3218);
});

test("vega-datasets: unknown table names the path and lists the pinned ones", async () => {
  const e = await assertRejectsDataset(loadVegaTable({ table: "cifar.csv" }), "missing", "cifar.csv");
  assert.match(e.fix, /seattle-weather\.csv/);
});
