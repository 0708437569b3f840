/**
 * Gapminder country × year statistics from the R package dslabs (Debian `r-cran-dslabs`):
 * - `gapminder`: the 10,545-row table (185 countries × 1960–2016), shipped as
 *   datasets/data/gapminder/gapminder.csv.gz (converted once with the R-serialization reader);
 * - `dslabs`: the package's other neutral statistics tables (temp_carbon, historic_co2,
 *   greenhouse_gases, us_contagious_diseases), optional, prepared into the cache from the .deb
 *   (`prepare dslabs --from r-cran-dslabs_*.deb` or the folder of `dpkg -x`).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { datasetDir, ensureDatasetDir, shippedDir } from "../cache";
import { checkExists, checkSha256, sha256File } from "../checksum";
import { DatasetError } from "../errors";
import { numberColumn, readDelimited, stringColumn } from "../formats/delimited";
import { cell, readLazyLoad, toDataFrame, type RDataFrame } from "../formats/rds";
import { fixDebian, fixOwnFile, fixShipped } from "../messages";
import { expectEqual, register } from "../registry";

const GAP_REL = "datasets/data/gapminder/gapminder.csv.gz";
const GAP_FIX = fixShipped(GAP_REL);
const DSLABS_FIX = fixDebian("dslabs", "r-cran-dslabs");
/** SHA-256 of the shipped gapminder.csv.gz (deterministic output of dataFrameToCsv + gzip level 9). */
export const GAPMINDER_SHA = "fb4cfff1d080f6026bcd39b9056ce2c8d409dd952dddde3902522159c2e6ca1c";

/** The dslabs tables `prepare dslabs` extracts, with their row counts (dslabs 0.7.4). */
export const DSLABS_TABLES: Record<string, number> = { gapminder: 10545, temp_carbon: 268, historic_co2: 694, greenhouse_gases: 300, us_contagious_diseases: 16065 };

/** Column names of the gapminder table. */
export const GAPMINDER_COLUMNS = ["country", "year", "infant_mortality", "life_expectancy", "fertility", "population", "gdp", "continent", "region"] as const;

/** One gapminder row; NaN marks a missing value (NA in R). */
export interface GapminderRow {
  country: string;
  year: number;
  infant_mortality: number;
  life_expectancy: number;
  fertility: number;
  population: number;
  gdp: number;
  continent: string;
  region: string;
}

/** CSV text of an R data.frame: header line, `NA` for missing values, fields quoted when needed. */
export function dataFrameToCsv(df: RDataFrame): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [df.names.map(q).join(",")];
  for (let r = 0; r < df.nrow; r++) {
    lines.push(
      df.names
        .map((n) => {
          const v = cell(df.columns[n], r);
          if (v === null || (typeof v === "number" && Number.isNaN(v))) return "NA";
          return typeof v === "number" ? String(v) : q(v);
        })
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** Finds `Rdata.rdx`/`Rdata.rdb` of dslabs under `from` (a .deb, a `dpkg -x` folder, or the data/ folder itself). */
export function locateDslabs(from: string): { rdx: string; rdb: string; cleanup?: () => void } {
  if (!fs.existsSync(from)) throw new DatasetError("missing", "path given to prepare does not exist", DSLABS_FIX, { file: from });
  let root = from;
  let cleanup: (() => void) | undefined;
  if (fs.statSync(from).isFile() && from.endsWith(".deb")) {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-dslabs-"));
    try {
      execFileSync("dpkg", ["-x", from, root]);
    } catch (e) {
      throw new DatasetError("dpkg", `dpkg -x failed: ${(e as Error).message}`, "extract the .deb yourself (`dpkg -x FILE DIR`, or `ar x FILE && tar xf data.tar.*`) and pass DIR", { file: from });
    }
    cleanup = () => fs.rmSync(root, { recursive: true, force: true });
  }
  const candidates = [root, path.join(root, "data"), path.join(root, "usr/lib/R/site-library/dslabs/data"), path.join(root, "dslabs/data")];
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, "Rdata.rdx")) && fs.existsSync(path.join(c, "Rdata.rdb"))) return { rdx: path.join(c, "Rdata.rdx"), rdb: path.join(c, "Rdata.rdb"), cleanup };
  }
  cleanup?.();
  throw new DatasetError("missing", "no dslabs Rdata.rdx/Rdata.rdb found (looked in ., data/, usr/lib/R/site-library/dslabs/data/)", DSLABS_FIX, { file: from });
}

/** Reads one dslabs table from a lazy-load database and checks its row count. */
export function readDslabsTable(rdx: string, rdb: string, name: string): RDataFrame {
  const df = toDataFrame(readLazyLoad(rdx, rdb, name, DSLABS_FIX), rdb, DSLABS_FIX);
  const n = DSLABS_TABLES[name];
  if (n !== undefined) expectEqual(`dslabs ${name} rows`, n, df.nrow, DSLABS_FIX, rdb);
  return df;
}

/** Path of the shipped gapminder extract. */
export function gapminderFile(): string {
  return path.join(shippedDir(), "gapminder", "gapminder.csv.gz");
}

/** Loads gapminder (10,545 rows; checks checksum, columns, 185 countries, years 1960–2016, NA counts). */
export async function loadGapminder(opts: { file?: string } = {}): Promise<GapminderRow[]> {
  const fix = opts.file ? fixOwnFile("a CSV with the gapminder header (country, year, infant_mortality, …)") : GAP_FIX;
  const file = opts.file ?? gapminderFile();
  checkExists(file, fix);
  if (!opts.file) checkSha256(file, GAPMINDER_SHA, fix);
  const t = readDelimited(file, { columns: GAPMINDER_COLUMNS.length, fix });
  GAPMINDER_COLUMNS.forEach((c, j) => {
    if (t.header[j] !== c) throw new DatasetError("invariant", `column ${j + 1}: expected '${c}', got '${t.header[j]}'`, fix, { file, line: 1 });
  });
  const num = Object.fromEntries(["year", "infant_mortality", "life_expectancy", "fertility", "population", "gdp"].map((c) => [c, numberColumn(t, c, { fix, integer: c === "year" })])) as Record<string, Float64Array>;
  const country = stringColumn(t, "country");
  const continent = stringColumn(t, "continent");
  const region = stringColumn(t, "region");
  const rows: GapminderRow[] = country.map((c, i) => ({
    country: c,
    year: num.year[i],
    infant_mortality: num.infant_mortality[i],
    life_expectancy: num.life_expectancy[i],
    fertility: num.fertility[i],
    population: num.population[i],
    gdp: num.gdp[i],
    continent: continent[i],
    region: region[i],
  }));
  if (!opts.file) {
    expectEqual("gapminder rows", 10545, rows.length, fix, file);
    expectEqual("gapminder countries", 185, new Set(country).size, fix, file);
    const years = num.year;
    expectEqual("gapminder first year", 1960, Math.min(...years), fix, file);
    expectEqual("gapminder last year", 2016, Math.max(...years), fix, file);
    const na = (c: string) => num[c].reduce((a, v) => a + (Number.isNaN(v) ? 1 : 0), 0);
    expectEqual("gapminder missing infant_mortality", 1453, na("infant_mortality"), fix, file);
    expectEqual("gapminder missing gdp", 2972, na("gdp"), fix, file);
  }
  return rows;
}

/** Registry entry `gapminder` (shipped extract). */
export const gapminder = register<GapminderRow[], { file?: string }>({
  id: "gapminder",
  description: "Gapminder: 185 countries x 1960-2016 (life expectancy, fertility, infant mortality, population, GDP), 10,545 rows",
  licence: "Gapminder data CC BY 4.0 (www.gapminder.org); compiled in R package dslabs (Irizarry & Gill, Artistic-2.0)",
  source: "Debian r-cran-dslabs 0.7.4-1 (data/Rdata.rdb, object 'gapminder'), converted with datasets/formats/rds.ts",
  kind: "shipped",
  optional: false,
  invariants: { samples: { rows: 10545 }, shapes: { columns: [9] }, sha256: { "gapminder.csv.gz": GAPMINDER_SHA }, notes: ["185 countries, years 1960-2016", "NA: infant_mortality 1453, fertility 187, population 185, gdp 2972"] },
  status() {
    const f = gapminderFile();
    return { available: fs.existsSync(f), where: f, fix: fs.existsSync(f) ? undefined : GAP_FIX };
  },
  load: loadGapminder,
  async verify() {
    const r = await loadGapminder();
    return { id: "gapminder", checks: [`${r.length} rows, 185 countries, 1960-2016, NA counts ok, sha256 ok`] };
  },
});

/** A prepared dslabs table: header and rows of strings ("NA" for missing) as written by prepare. */
export type DslabsTables = Record<string, { file: string; rows: number }>;

/** Registry entry `dslabs` (optional; Debian). Loads the manifest of prepared tables (CSV files in the cache). */
export const dslabs = register<DslabsTables, undefined>({
  id: "dslabs",
  description: "More dslabs statistics tables (temp_carbon, historic_co2, greenhouse_gases, us_contagious_diseases) as CSV",
  licence: "dslabs Artistic-2.0; data from NOAA/CDIAC/Tycho (public domain / CC BY 4.0, see the dslabs help pages)",
  source: "Debian r-cran-dslabs 0.7.4-1 (usr/lib/R/site-library/dslabs/data/Rdata.{rdx,rdb})",
  kind: "debian",
  optional: true,
  invariants: { samples: DSLABS_TABLES },
  status() {
    const m = path.join(datasetDir("dslabs"), "manifest.json");
    return { available: fs.existsSync(m), where: m, fix: fs.existsSync(m) ? undefined : DSLABS_FIX };
  },
  async load() {
    const m = path.join(datasetDir("dslabs"), "manifest.json");
    if (!fs.existsSync(m)) throw new DatasetError("not-prepared", "dslabs is not prepared", DSLABS_FIX, { file: m });
    const manifest = JSON.parse(fs.readFileSync(m, "utf8")) as { tables: Record<string, { file: string; rows: number; sha256: string }> };
    const out: DslabsTables = {};
    for (const [name, t] of Object.entries(manifest.tables)) {
      const file = path.join(path.dirname(m), t.file);
      checkSha256(file, t.sha256, DSLABS_FIX);
      out[name] = { file, rows: t.rows };
    }
    return out;
  },
  async verify() {
    const t = await this.load();
    return { id: "dslabs", checks: Object.entries(t).map(([n, v]) => `${n}: ${v.rows} rows, sha256 ok`) };
  },
  async prepare(from: string) {
    const { rdx, rdb, cleanup } = locateDslabs(from);
    try {
      const dir = ensureDatasetDir("dslabs");
      const tables: Record<string, { file: string; rows: number; sha256: string }> = {};
      for (const name of Object.keys(DSLABS_TABLES)) {
        const df = readDslabsTable(rdx, rdb, name);
        const file = `${name}.csv.gz`;
        fs.writeFileSync(path.join(dir, file), zlib.gzipSync(dataFrameToCsv(df), { level: 9 }));
        tables[name] = { file, rows: df.nrow, sha256: sha256File(path.join(dir, file)) };
      }
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ source: "r-cran-dslabs", tables }, null, 2));
      return dir;
    } finally {
      cleanup?.();
    }
  },
});
