/**
 * Results as danfo DataFrames, and CSV/JSON export with provenance. danfojs-node takes about
 * 3 s to load, so it is required on first use only; the CSV/JSON writers here work on plain
 * rows and do not need it (and quote fields properly, which danfo's toCSV does not).
 */
import * as fs from "fs";
import * as path from "path";
import type { DataFrame } from "danfojs-node";
import { trainMessages } from "./messages";
import type { RunInfo } from "./run-info";
import type { TrainResult } from "./loop";

type Danfo = typeof import("danfojs-node");
let danfoMod: Danfo | undefined;

/** The danfojs-node module, loaded on first call (~3 s). */
export function danfo(): Danfo {
  if (!danfoMod) {
    try {
      danfoMod = require("danfojs-node") as Danfo;
    } catch (e) {
      throw new Error(trainMessages.danfoMissing(e instanceof Error ? e.message : e));
    }
  }
  return danfoMod;
}

/** A result table: plain row records. */
export type Rows = Record<string, unknown>[];

/** True for a danfo DataFrame (checked structurally, so danfo need not be loaded). */
export function isFrame(x: unknown): x is DataFrame {
  return x != null && typeof x === "object" && "columns" in x && "shape" in x && typeof (x as { print?: unknown }).print === "function";
}

/** A DataFrame of row records (loads danfo). */
export function toFrame(rows: readonly Record<string, unknown>[]): DataFrame {
  return new (danfo().DataFrame)(rows.map((r) => ({ ...r })));
}

/** Row records of a DataFrame or of rows. */
export function toRows(data: Rows | DataFrame): Rows {
  if (!isFrame(data)) return data;
  return danfo().toJSON(data, { format: "column" }) as Rows;
}

/** A training run's per-epoch records (or per-step history) as a DataFrame. */
export function trainFrame(r: TrainResult, which: "epochs" | "history" = "epochs"): DataFrame {
  return toFrame((which === "epochs" ? r.epochs : r.history) as unknown as Rows);
}

function csvField(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: header of every key seen (first-appearance order), missing values empty. */
export function toCsv(data: Rows | DataFrame): string {
  const rows = toRows(data);
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), cols.push(k));
  const lines = [cols.map(csvField).join(",")];
  for (const r of rows) lines.push(cols.map((c) => csvField(r[c])).join(","));
  return lines.join("\n") + "\n";
}

/** JSON text `{ info, rows }` (info omitted when not given). */
export function toJsonText(data: Rows | DataFrame, info?: RunInfo): string {
  return JSON.stringify(info ? { info, rows: toRows(data) } : { rows: toRows(data) }, null, 1) + "\n";
}

/**
 * Writes a result table to `file` by extension: `.json` as `{ info, rows }`; `.csv` as CSV plus,
 * when `info` is given, a `<file>.info.json` sidecar with the provenance. Creates the folder.
 */
export async function saveResults(file: string, data: Rows | DataFrame, info?: RunInfo): Promise<string[]> {
  const ext = path.extname(file).toLowerCase();
  await fs.promises.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  if (ext === ".json") {
    await fs.promises.writeFile(file, toJsonText(data, info));
    return [file];
  }
  if (ext === ".csv") {
    await fs.promises.writeFile(file, toCsv(data));
    if (!info) return [file];
    const side = `${file}.info.json`;
    await fs.promises.writeFile(side, JSON.stringify(info, null, 1) + "\n");
    return [file, side];
  }
  throw new Error(trainMessages.unknownFormat(file));
}

/** Reads back a table written by `saveResults` (.json or .csv; CSV values that look numeric become numbers). */
export async function loadResults(file: string): Promise<{ rows: Rows; info?: RunInfo }> {
  const text = await fs.promises.readFile(file, "utf8");
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return JSON.parse(text) as { rows: Rows; info?: RunInfo };
  if (ext !== ".csv") throw new Error(trainMessages.unknownFormat(file));
  const records = parseCsv(text);
  const [head, ...body] = records;
  const rows = body.map((f) => Object.fromEntries(head.map((h, i) => [h, f[i] === "" ? null : /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(f[i]) ? Number(f[i]) : f[i]])));
  const side = `${file}.info.json`;
  const info = fs.existsSync(side) ? (JSON.parse(await fs.promises.readFile(side, "utf8")) as RunInfo) : undefined;
  return { rows, info };
}

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, newlines inside quotes). */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (row.push(field), (field = ""));
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) (row.push(field), out.push(row));
  return out;
}
