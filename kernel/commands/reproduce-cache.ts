/**
 * Incremental runs of `paperlab reproduce --resume`: each paper's result is stored in
 * `<out>/results/<paper>.json` under a key, the sha-256 of everything that decides it — the notebook's cells
 * and kernelspec (not its outputs), the library build (the compiled library and the versions of the packages
 * it runs on), the kernel asked for, the scale, the seed and every other parameter the notebook gets. A rerun
 * whose key is unchanged reuses the stored result (marked cached in the report) instead of running the notebook.
 * Only results of notebooks that ran to the end are stored; a failed or interrupted run always runs again.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Notebook } from "../notebook/nbformat";
import type { PaperReport } from "../../lib/report";

/** What a paper's key is computed from (stored with the result, so a changed key can be explained). */
export interface ResultKeyParts {
  /** sha-256 of the notebook's cells (type and source) and kernelspec. */
  notebook: string;
  /** sha-256 of the library build (`buildHash`). */
  build: string;
  /** `--kernel` (null: the notebook's own). */
  kernel: string | null;
  scale: string;
  /** The `seed` parameter given to the notebook (null: the notebook's default, covered by its hash). */
  seed: unknown;
  /** Every parameter the notebook gets, scale and seed included. */
  parameters: Record<string, unknown>;
}

/** A stored result. */
export interface StoredResult {
  key: string;
  parts: ResultKeyParts;
  report: PaperReport;
}

const sha256 = (x: string | Buffer) => createHash("sha256").update(x).digest("hex");

/** JSON with object keys sorted, so equal values hash equally whatever order their keys were set in. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(",")}]`;
  if (x !== null && typeof x === "object") {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(x) ?? "null";
}

/** The hash of what a notebook computes: its cells' types and sources and its kernelspec (outputs and run metadata left out). */
export function notebookHash(nb: Notebook): string {
  const src = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);
  const ks = nb.metadata.kernelspec;
  return sha256(canonicalJson({ cells: nb.cells.map((c) => [c.cell_type, src(c.source)]), kernelspec: ks ? { name: ks.name, language: ks.language ?? null } : null }));
}

function filesUnder(dir: string, ext: RegExp): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, ext) : ext.test(e.name) ? [p] : [];
  });
}

/**
 * The hash of the library build at `root` (the package root): every compiled library file (`dist/lib/**.js`,
 * else the sources `lib/**.ts` when there is no build), the package's version, and the installed version of
 * each dependency it names (TensorFlow.js and its WASM backend among them).
 */
export function buildHash(root: string): string {
  const h = createHash("sha256");
  const built = path.join(root, "dist", "lib");
  const dir = fs.existsSync(built) ? built : path.join(root, "lib");
  const files = filesUnder(dir, fs.existsSync(built) ? /\.js$/ : /\.ts$/).sort();
  for (const f of files) h.update(`${path.relative(dir, f).split(path.sep).join("/")}\0`).update(fs.readFileSync(f)).update("\0");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string; dependencies?: Record<string, string> };
  h.update(`paperlab@${pkg.version ?? "?"}\0`);
  for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) {
    let v = "missing";
    try {
      v = (JSON.parse(fs.readFileSync(path.join(root, "node_modules", dep, "package.json"), "utf8")) as { version?: string }).version ?? "?";
    } catch {
      /* not installed */
    }
    h.update(`${dep}@${v}\0`);
  }
  return h.digest("hex");
}

/** The key of a paper's result. */
export function resultKey(parts: ResultKeyParts): string {
  return sha256(canonicalJson(parts));
}

/** Where a paper's result is stored. */
export function resultFile(out: string, paper: string): string {
  return path.join(out, "results", `${paper}.json`);
}

/** Stores a paper's result under its key (only results of notebooks that ran to the end are worth reusing). */
export function storeResult(out: string, r: StoredResult): void {
  if (r.report.status !== "ok") {
    fs.rmSync(resultFile(out, r.report.paper), { force: true });
    return;
  }
  fs.mkdirSync(path.join(out, "results"), { recursive: true });
  fs.writeFileSync(resultFile(out, r.report.paper), JSON.stringify(r, null, 1) + "\n");
}

/**
 * The stored result of `paper` when its key is `key` and every file it names (executed notebook, figures) is
 * still in `out`; null otherwise (never stored, another key, unreadable, or files gone).
 */
export function reusableResult(out: string, paper: string, key: string): StoredResult | null {
  let r: StoredResult;
  try {
    r = JSON.parse(fs.readFileSync(resultFile(out, paper), "utf8")) as StoredResult;
  } catch {
    return null;
  }
  if (r.key !== key || r.report?.paper !== paper || r.report.status !== "ok") return null;
  const files = [r.report.notebook, ...r.report.figures.flatMap((f) => [f.vlJson, f.svg, f.png])].filter((f): f is string => typeof f === "string");
  return files.every((f) => fs.existsSync(path.join(out, f))) ? r : null;
}
