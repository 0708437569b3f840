/**
 * CSV / TSV reader (RFC 4180 quoting: `"a, b"`, doubled `""` inside quotes, quoted newlines) with
 * line-numbered errors. Every row must have the header's column count; typed columns are checked
 * per cell so a bad value names its line and column.
 */
import { DatasetError } from "../errors";
import { readFileBytes } from "../checksum";
import { gunzipChecked } from "./gzip";

/** Options for parseDelimited. */
export interface DelimitedOptions {
  /** Field separator: "," (default) or "\t". */
  delimiter?: string;
  /** Whether the first row is a header (default true). Without one, columns are named "0", "1", …. */
  header?: boolean;
  /** Expected number of columns (checked against the header or the first row). */
  columns?: number;
  /** Tokens that mean "missing" (default: "", "NA"). Missing numbers become NaN. */
  missing?: string[];
  /** The fix appended to any error. */
  fix?: string;
}

/** A parsed table: header names and rows of raw strings; `line[i]` is the 1-based line where row i starts. */
export interface Table {
  header: string[];
  rows: string[][];
  line: number[];
  file: string;
}

const GZIP_FIX = "the compressed file is damaged: get a fresh copy (re-download or re-export it), then check it with `gzip -t FILE`";
const DEFAULT_FIX = "fix the row (or re-export the file) so every row has the header's number of fields, quoting fields that contain the delimiter";

/** Reads a CSV/TSV file (gzipped if it ends in .gz). The delimiter defaults from the extension (.tsv → tab). */
export function readDelimited(file: string, opts: DelimitedOptions = {}): Table {
  const buf = gunzipChecked(readFileBytes(file, opts.fix), file, opts.fix ?? GZIP_FIX);
  const delimiter = opts.delimiter ?? (/\.tsv(\.gz)?$/i.test(file) ? "\t" : ",");
  return parseDelimited(buf.toString("utf8"), file, { ...opts, delimiter });
}

/** Parses CSV/TSV text; `file` names it in errors. */
export function parseDelimited(text: string, file: string, opts: DelimitedOptions = {}): Table {
  const d = opts.delimiter ?? ",";
  const fix = opts.fix ?? DEFAULT_FIX;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  const lines: number[] = [];
  let field = "";
  let rec: string[] = [];
  let line = 1;
  let recLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = () => {
    rec.push(field);
    field = "";
    if (!(rec.length === 1 && rec[0] === "")) {
      records.push(rec);
      lines.push(recLine);
    }
    rec = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        const n = text[i];
        if (n !== undefined && n !== d && n !== "\n" && n !== "\r") {
          throw new DatasetError("csv-quote", `unexpected character '${n}' after a closing quote (column ${rec.length + 1})`, fix, { file, line });
        }
        continue;
      }
      if (c === "\n") line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      inQuotes = true;
      quoteLine = line;
      i++;
    } else if (c === d) {
      rec.push(field);
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      if (c === "\r" && text[i + 1] === "\n") i++;
      i++;
      line++;
      recLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (inQuotes) throw new DatasetError("csv-quote", "quoted field is never closed (opened here)", fix, { file, line: quoteLine });
  if (field !== "" || rec.length > 0) endRecord();

  const hasHeader = opts.header ?? true;
  if (records.length === 0) throw new DatasetError("csv-empty", "file has no rows", fix, { file, line: 1 });
  const width = opts.columns ?? records[0].length;
  const header = hasHeader ? records[0] : records[0].map((_, j) => String(j));
  if (hasHeader && header.length !== width) {
    throw new DatasetError("csv-columns", `header has ${header.length} columns, expected ${width}`, fix, { file, line: lines[0] });
  }
  const start = hasHeader ? 1 : 0;
  for (let r = start; r < records.length; r++) {
    if (records[r].length !== width) {
      throw new DatasetError("csv-columns", `row has ${records[r].length} fields, expected ${width}${hasHeader ? ` (header: ${header.slice(0, 6).join(d === "\t" ? " " : d)}${header.length > 6 ? " …" : ""})` : ""}`, fix, { file, line: lines[r] });
    }
  }
  return { header, rows: records.slice(start), line: lines.slice(start), file };
}

/** Column `name` as numbers; missing tokens become NaN; anything else non-numeric throws with line and column. */
export function numberColumn(t: Table, name: string, opts: { missing?: string[]; fix?: string; integer?: boolean } = {}): Float64Array {
  const j = columnIndex(t, name, opts.fix);
  const missing = new Set(opts.missing ?? ["", "NA"]);
  const out = new Float64Array(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) {
    const s = t.rows[r][j];
    if (missing.has(s)) {
      out[r] = NaN;
      continue;
    }
    const v = Number(s);
    if (s.trim() === "" || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      throw new DatasetError("csv-number", `column '${name}' (${j + 1}): expected ${opts.integer ? "an integer" : "a number"}, got '${s}'`, opts.fix ?? DEFAULT_FIX, { file: t.file, line: t.line[r], column: j + 1 });
    }
    out[r] = v;
  }
  return out;
}

/** Column `name` as strings. */
export function stringColumn(t: Table, name: string, fix?: string): string[] {
  const j = columnIndex(t, name, fix);
  return t.rows.map((r) => r[j]);
}

/** Index of a named column, or an error listing the columns that exist. */
export function columnIndex(t: Table, name: string, fix?: string): number {
  const j = t.header.indexOf(name);
  if (j < 0) throw new DatasetError("csv-no-column", `no column '${name}'; columns are: ${t.header.join(", ")}`, fix ?? "use one of the listed column names", { file: t.file, line: 1 });
  return j;
}

/** Rows as objects keyed by header name (strings; convert with numberColumn for typed access). */
export function toRecords(t: Table): Record<string, string>[] {
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, j) => [h, r[j]])));
}
