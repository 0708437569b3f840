/**
 * Tables of the npm package `vega-datasets` read directly with fs (its JS API fetches from a CDN,
 * and its `exports` map blocks deep requires). The registry pins the tables papers use (row
 * counts + SHA-256); any other file in its data/ folder loads too, unchecked.
 */
import * as fs from "fs";
import * as path from "path";
import { npmFile } from "../cache";
import { checkSha256 } from "../checksum";
import { DatasetError } from "../errors";
import { parseDelimited } from "../formats/delimited";
import { readJson } from "../formats/jsonl";
import { fixNpm } from "../messages";
import { expectEqual, register } from "../registry";

const FIX = fixNpm("vega-datasets");

/** Pinned tables: rows and SHA-256 (vega-datasets 3.2.1). */
export const VEGA_TABLES: Record<string, { rows: number; sha256: string }> = {
  "gapminder.json": { rows: 682, sha256: "70630efd862153116c1518a098a5a3bc4ca8c9f037306f86fba282a2720909b9" },
  "countries.json": { rows: 620, sha256: "8b8aef930c5242c56ead108ec728317d6634d6775bc7a22e8f242f58b4aff92f" },
  "gapminder-health-income.csv": { rows: 187, sha256: "27366350362387628fa50ad9db85358e60bb31c3b7a3523e4e11e9561ca64eda" },
  "co2-concentration.csv": { rows: 741, sha256: "c1a4a970864145940a28225cae288618b156cb32f9a2a1b6606ba7124134febb" },
  "global-temp.csv": { rows: 144, sha256: "5933dcb6d5e7fc5c0c241b956b802de2b02da12d0914d06031030579a0f1443b" },
  "seattle-weather.csv": { rows: 1461, sha256: "0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be" },
  "unemployment.tsv": { rows: 3218, sha256: "f82bff0a9745cc9e9997c0b83a02ecc77cea7b1d6acbbc4b404bff293e95bb6e" },
  "population.json": { rows: 570, sha256: "6fb13672c09b115c6b76322b13f43ab0a92a2813621370c355f15808be402597" },
  "stocks.csv": { rows: 560, sha256: "f9953ac6693e587476b4ebf2f0b00d9bb95371ca8c39da4cc6155077b3e417cd" },
  "sp500.csv": { rows: 123, sha256: "8d1a3310b741565fd2aaf7b9d34030c92b1fbedbc9ba839f4a50dab8b2dd5c3d" },
  "iowa-electricity.csv": { rows: 51, sha256: "6071c2e657d91509885a1f3eec0884b2854d66990b5c556dbead15e263f9506b" },
  "us-employment.csv": { rows: 120, sha256: "0fa5366929bf738ac420509b84ed120155f740b0fa9c265ca309dad4057d1b1b" },
  "cars.json": { rows: 406, sha256: "f686a53678b21f4231e2f6a5ba7ce5761d9d39204fccdea1caa29fb8c460e319" },
  "penguins.json": { rows: 344, sha256: "0facf769609f1205b82cbceb8238c36af3e6147a0ca0e163902cc6281ce3e917" },
  "population_engineers_hurricanes.csv": { rows: 52, sha256: "62225f22e5fd94327150f0c51d384c780de8a92f1b131b6b8d6c5549b5cc00a8" },
};

/** A loaded table. CSV/TSV columns whose every non-empty cell is numeric become numbers (empty → null). */
export interface VegaTable {
  name: string;
  file: string;
  columns: string[];
  rows: Record<string, unknown>[];
  /** Licence(s) of this file from the package's datapackage.json. */
  licences: string[];
}

/** Folder of the package's data files. */
export function vegaDataDir(): string {
  return npmFile("vega-datasets", "data");
}

/** Licence titles of one file from datapackage.json (empty if none listed). */
export function vegaLicences(name: string): string[] {
  try {
    const pkg = readJson<{ resources?: { path: string; licenses?: { title?: string; name?: string }[] }[] }>(npmFile("vega-datasets", "datapackage.json"));
    const r = pkg.resources?.find((x) => x.path === name);
    return (r?.licenses ?? []).map((l) => l.title ?? l.name ?? "");
  } catch {
    return [];
  }
}

/** Loads one table by file name (e.g. "gapminder.json", "seattle-weather.csv", "unemployment.tsv"). */
export async function loadVegaTable(opts: { table: string }): Promise<VegaTable> {
  const name = opts?.table;
  if (!name) throw new DatasetError("option", "no table given", `pass { table: NAME }, NAME one of: ${Object.keys(VEGA_TABLES).join(", ")} (or any file in vega-datasets/data)`);
  const file = path.join(vegaDataDir(), name);
  if (!fs.existsSync(file)) throw new DatasetError("missing", `vega-datasets has no table '${name}'`, `${FIX}; pinned tables: ${Object.keys(VEGA_TABLES).join(", ")}`, { file });
  const pin = VEGA_TABLES[name];
  if (pin) checkSha256(file, pin.sha256, FIX);
  let rows: Record<string, unknown>[];
  let columns: string[];
  if (/\.json$/.test(name)) {
    const v = readJson<unknown>(file, FIX);
    if (!Array.isArray(v)) throw new DatasetError("invariant", "expected a JSON array of records (this file is a nested document; read it with readJson)", FIX, { file });
    rows = v as Record<string, unknown>[];
    columns = rows.length ? Object.keys(rows[0]) : [];
  } else if (/\.(csv|tsv)$/.test(name)) {
    const t = parseDelimited(fs.readFileSync(file, "utf8"), file, { delimiter: name.endsWith(".tsv") ? "\t" : ",", fix: FIX });
    columns = t.header;
    const numeric = t.header.map((_, j) => t.rows.every((r) => r[j] === "" || Number.isFinite(Number(r[j]))));
    rows = t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, numeric[j] ? (r[j] === "" ? null : Number(r[j])) : r[j]])));
  } else {
    throw new DatasetError("format", `cannot read '${name}' as a table (supported: .json arrays, .csv, .tsv)`, "read binary/geo files with fs directly");
  }
  if (pin) expectEqual(`vega-datasets ${name} rows`, pin.rows, rows.length, FIX, file);
  return { name, file, columns, rows, licences: vegaLicences(name) };
}

/** Registry entry `vega-datasets`. */
export const vegaDatasets = register<VegaTable, { table: string }>({
  id: "vega-datasets",
  description: "Tables of npm vega-datasets (gapminder.json, co2-concentration, seattle-weather, unemployment, ...); load({ table })",
  licence: "package BSD-3-Clause; per-file data licences from datapackage.json (Gapminder CC BY 4.0, NOAA public domain, ...)",
  source: "npm vega-datasets 3.2.1 (data/*), read with fs",
  kind: "npm",
  optional: false,
  invariants: {
    samples: Object.fromEntries(Object.entries(VEGA_TABLES).map(([k, v]) => [k, v.rows])),
    sha256: Object.fromEntries(Object.entries(VEGA_TABLES).map(([k, v]) => [k, v.sha256])),
  },
  status() {
    try {
      const d = vegaDataDir();
      return { available: fs.existsSync(d), where: d, fix: fs.existsSync(d) ? undefined : FIX };
    } catch {
      return { available: false, where: "node_modules/vega-datasets", fix: FIX };
    }
  },
  load: loadVegaTable,
  async verify() {
    const checks: string[] = [];
    for (const name of Object.keys(VEGA_TABLES)) {
      const t = await loadVegaTable({ table: name });
      checks.push(`${name}: ${t.rows.length} rows, sha256 ok`);
    }
    return { id: "vega-datasets", checks };
  },
});
