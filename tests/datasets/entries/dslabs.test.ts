import * as assert from "node:assert/strict";
import * as fs from "fs";
import { test } from "node:test";
import { dslabs, gapminder, loadGapminder } from "../../../datasets/entries/dslabs";
import { assertRejectsDataset, tempDir } from "../helpers";

test("gapminder (shipped, converted from R): 10,545 rows, 185 countries, 1960-2016", async () => {
  const rows = await loadGapminder();
  assert.equal(rows.length, 10545);
  const alb = rows.find((r) => r.country === "Albania" && r.year === 1960)!;
  assert.equal(alb.life_expectancy, 62.87);
  assert.ok(Number.isNaN(alb.gdp));
  assert.ok(rows.some((r) => r.country === "Congo, Dem. Rep."), "quoted names with commas survive");
  assert.equal(new Set(rows.map((r) => r.continent)).size, 5);
  assert.ok(gapminder.status().available);
});

test("gapminder: a malformed CSV row in a user copy names file:line", async () => {
  const f = `${tempDir()}/g.csv`;
  fs.writeFileSync(f, "country,year,infant_mortality,life_expectancy,fertility,population,gdp,continent,region\nA,1960,1,2,3,4,5,Europe,X\nB,1961,1,2,3\n");
  await assertRejectsDataset(loadGapminder({ file: f }), "csv-columns", `${f}:3`);
});

const SYSTEM_DSLABS = "/usr/lib/R/site-library/dslabs";
test("dslabs prepare from an installed r-cran-dslabs converts 5 tables", { skip: !fs.existsSync(`${SYSTEM_DSLABS}/data/Rdata.rdx`) && "needs the Debian package r-cran-dslabs (apt-get install r-cran-dslabs)" }, async () => {
  process.env.PAPERLAB_DATA = tempDir();
  try {
    await dslabs.prepare!(SYSTEM_DSLABS);
    const r = await dslabs.verify();
    assert.equal(r.checks.length, 5);
  } finally {
    delete process.env.PAPERLAB_DATA;
  }
});

test("dslabs not prepared: status says how, load fails with the apt-get command", async () => {
  process.env.PAPERLAB_DATA = tempDir();
  try {
    const s = dslabs.status();
    assert.equal(s.available, false);
    assert.match(s.fix!, /apt-get download r-cran-dslabs/);
    await assertRejectsDataset(dslabs.load(), "not-prepared");
  } finally {
    delete process.env.PAPERLAB_DATA;
  }
});
