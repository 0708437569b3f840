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

/** Appends cells and answers history queries. */
export class HistoryStore {
  private rows: Row[] = [];
  /** This kernel's session number. */
  readonly session: number;

  constructor(private readonly file: string | null) {
    if (file) {
      try {
        for (const line of fs.readFileSync(file, "utf8").split("\n")) {
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
            /* a torn line from a killed kernel: skip it */
          }
        }
      } catch {
        /* no history yet */
      }
    }
    this.session = this.rows.reduce((m, r) => Math.max(m, r.session), 0) + 1;
  }

  /** Records one executed cell (line numbers follow execution counts). */
  add(line: number, input: string): void {
    const row = { session: this.session, line, input };
    this.rows.push(row);
    this.persist(row);
  }

  /** Records the text/plain result of a cell added before. */
  setOutput(line: number, output: string): void {
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

  private persist(row: Partial<Row>): void {
    if (!this.file) return;
    this.pending.push(JSON.stringify(row) + "\n");
  }

  /** Writes the rows recorded so far. */
  flush(): void {
    if (!this.file || this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    try {
      if (!this.dirMade) fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.dirMade = true;
      fs.appendFileSync(this.file, text);
    } catch (err) {
      process.stderr.write(`paperlab kernel: cannot save history to ${this.file}: ${(err as Error).message}\n`);
    }
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
