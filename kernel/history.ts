/**
 * Execution history, kept across restarts in `<Jupyter data dir>/paperlab/history.jsonl` (one JSON
 * line per executed cell: `{ "session": n, "line": k, "input": "..." }`). Each kernel start is a new
 * session; `history_request` tail/range/search read from it.
 */
import * as fs from "fs";
import * as path from "path";

/** One history entry as the protocol sends it: [session, line, input], or [session, line, [input, output]] with `output`. */
export type HistoryEntry = [number, number, string | [string, string | null]];

interface Row {
  session: number;
  line: number;
  input: string;
  /** text/plain of the cell's execute_result, when it had one. */
  output?: string;
}

/** The fields of a `history_request` this store understands. */
export interface HistoryQuery {
  output?: unknown;
  hist_access_type?: unknown;
  session?: unknown;
  start?: unknown;
  stop?: unknown;
  n?: unknown;
  pattern?: unknown;
  unique?: unknown;
}

/** Converts a glob (`*`, `?`) to an anchored RegExp, as IPython's history search does. */
function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${re}$`);
}

/** Bounds on the history file; the newest cells are kept. */
export interface HistoryLimits {
  /** Most cells kept (default 10,000). */
  maxEntries: number;
  /** Most bytes the file may hold before it is compacted to the newest cells (default 4 MiB). */
  maxBytes: number;
  /** A cell (or result text) longer than this many characters is not stored at all (default 100,000). */
  maxCellChars: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxEntries: 10_000, maxBytes: 4 * 1024 * 1024, maxCellChars: 100_000 };

/** Owner read/write only: cells can hold tokens and paths. */
const FILE_MODE = 0o600;

/**
 * Appends cells and answers history queries. The file stays within `limits`: huge cells are skipped, and once
 * it passes maxBytes or maxEntries it is rewritten with the newest cells filling three quarters of both. Only
 * its last maxBytes are read at start, so an oversized file from an older version costs no more than a full one.
 */
export class HistoryStore {
  private rows: Row[] = [];
  /** This kernel's session number. */
  readonly session: number;
  private readonly limits: HistoryLimits;
  /** Bytes in the file (as far as this store wrote or read it). */
  private bytes = 0;
  /** Whether the file must be rewritten (over its limits at start) before the next append. */
  private compactDue = false;

  constructor(private readonly file: string | null, limits: Partial<HistoryLimits> = {}) {
    this.limits = { ...DEFAULT_HISTORY_LIMITS, ...limits };
    if (file) {
      let text = "";
      try {
        text = readTail(file, this.limits.maxBytes);
        this.bytes = fs.statSync(file).size;
      } catch {
        /* no history yet */
      }
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as Row;
          if (typeof r.session !== "number" || typeof r.line !== "number") continue;
          if (typeof r.input === "string") this.rows.push(r);
          else if (typeof r.output === "string") {
            const row = this.rows.find((x) => x.session === r.session && x.line === r.line);
            if (row) row.output = r.output;
          }
        } catch {
          /* a torn line from a killed kernel, or the cut first line of the tail: skip it */
        }
      }
      this.compactDue = this.bytes > this.limits.maxBytes || this.rows.length > this.limits.maxEntries;
    }
    this.session = this.rows.reduce((m, r) => Math.max(m, r.session), 0) + 1;
  }

  /** Records one executed cell (line numbers follow execution counts); a cell over maxCellChars is skipped. */
  add(line: number, input: string): void {
    if (input.length > this.limits.maxCellChars) return;
    const row = { session: this.session, line, input };
    this.rows.push(row);
    this.persist(row);
  }

  /** Records the text/plain result of a cell added before (skipped when over maxCellChars). */
  setOutput(line: number, output: string): void {
    if (output.length > this.limits.maxCellChars) return;
    const row = this.rows.find((r) => r.session === this.session && r.line === line);
    if (!row) return;
    row.output = output;
    this.persist({ session: this.session, line, output });
  }

  /**
   * Lines not yet written: the kernel calls `flush()` after each request's reply and before exiting,
   * so a cell's rows are written after it ran, not on its way.
   */
  private pending: string[] = [];
  private dirMade = false;
  private modeSet = false;

  private persist(row: Partial<Row>): void {
    if (!this.file) return;
    this.pending.push(JSON.stringify(row) + "\n");
  }

  /** Writes the rows recorded so far (mode 0600), compacting the file when it passed its limits. */
  flush(): void {
    if (!this.file || (this.pending.length === 0 && !this.compactDue)) return;
    const text = this.pending.join("");
    this.pending = [];
    try {
      if (!this.dirMade) fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.dirMade = true;
      const added = Buffer.byteLength(text);
      if (this.compactDue || this.bytes + added > this.limits.maxBytes || this.rows.length > this.limits.maxEntries) {
        this.compact();
      } else {
        fs.appendFileSync(this.file, text, { mode: FILE_MODE });
        this.bytes += added;
        // A file written by an older version may be world-readable: tighten it once.
        if (!this.modeSet) fs.chmodSync(this.file, FILE_MODE);
      }
      this.modeSet = true;
    } catch (err) {
      process.stderr.write(`paperlab kernel: cannot save history to ${this.file}: ${(err as Error).message}\n`);
    }
  }

  /** Rewrites the file with the newest rows filling at most three quarters of maxEntries and maxBytes. */
  private compact(): void {
    const file = this.file!;
    const budget = Math.floor(this.limits.maxBytes * 0.75);
    const lines: string[] = [];
    let bytes = 0;
    for (let i = this.rows.length - 1; i >= 0 && lines.length < Math.floor(this.limits.maxEntries * 0.75); i--) {
      const line = JSON.stringify(this.rows[i]) + "\n";
      const n = Buffer.byteLength(line);
      if (bytes + n > budget) break;
      lines.push(line);
      bytes += n;
    }
    this.rows = this.rows.slice(this.rows.length - lines.length);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, lines.reverse().join(""), { mode: FILE_MODE });
    fs.renameSync(tmp, file);
    this.bytes = bytes;
    this.compactDue = false;
  }

  /** Answers a `history_request` (output is not stored: entries are [session, line, input]). */
  query(q: HistoryQuery): HistoryEntry[] {
    const type = String(q.hist_access_type ?? "tail");
    const n = typeof q.n === "number" && q.n > 0 ? q.n : 10;
    const toEntry = (r: Row): HistoryEntry => (q.output ? [r.session, r.line, [r.input, r.output ?? null]] : [r.session, r.line, r.input]);
    if (type === "tail") return this.rows.slice(-n).map(toEntry);
    if (type === "range") {
      let session = typeof q.session === "number" ? q.session : 0;
      if (session <= 0) session = this.session + session; // 0: this session, -1: the previous one
      const start = typeof q.start === "number" ? q.start : 0;
      const stop = typeof q.stop === "number" ? q.stop : Infinity;
      return this.rows.filter((r) => r.session === session && r.line >= start && r.line < stop).map(toEntry);
    }
    if (type === "search") {
      const re = globToRegExp(String(q.pattern ?? "*"));
      let hits = this.rows.filter((r) => re.test(r.input));
      if (q.unique) {
        const seen = new Set<string>();
        hits = hits.reverse().filter((r) => !seen.has(r.input) && Boolean(seen.add(r.input))).reverse();
      }
      return hits.slice(-n).map(toEntry);
    }
    return [];
  }
}

/** The last `maxBytes` bytes of a file as text (the whole file when smaller). */
function readTail(file: string, maxBytes: number): string {
  const fd = fs.openSync(file, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const n = Math.min(size, maxBytes);
    const buf = Buffer.alloc(n);
    fs.readSync(fd, buf, 0, n, size - n);
    return buf.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}
