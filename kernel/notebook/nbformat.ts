/**
 * Jupyter notebooks (nbformat 4): types, reading with a structural check, and atomic writing
 * in nbformat's own JSON layout (1-space indent, sorted keys, trailing newline) so an executed
 * notebook diffs cleanly against its source. https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import * as fs from "fs";
import * as path from "path";

/** Multiline text: nbformat allows a string or a list of lines. */
export type MultilineString = string | string[];

/** One output of a code cell. */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell. Unknown fields are kept as read. */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown> & { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** A code cell (outputs and execution_count always present). */
export interface CodeCell extends Cell {
  cell_type: "code";
  outputs: Output[];
  execution_count: number | null;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    language_info?: { name?: string; [k: string]: unknown };
  };
  cells: Cell[];
}

/** Thrown for a file that is not an nbformat 4 notebook; the message says what is wrong. */
export class NotebookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookError";
  }
}

/** Joins multiline text into one string. */
export function joinText(s: MultilineString | undefined): string {
  if (s === undefined) return "";
  return Array.isArray(s) ? s.join("") : s;
}

/** True for a code cell. */
export function isCodeCell(c: Cell): c is CodeCell {
  return c.cell_type === "code";
}

/** The tags of a cell (empty when none). */
export function cellTags(c: Cell): string[] {
  return Array.isArray(c.metadata?.tags) ? (c.metadata.tags as string[]) : [];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function isMultiline(x: unknown): boolean {
  return typeof x === "string" || (Array.isArray(x) && x.every((l) => typeof l === "string"));
}

/**
 * Checks the structure nbformat 4 requires (the parts the runner relies on and JupyterLab
 * rejects when wrong). Returns a list of problems, empty when the notebook is valid.
 */
export function structuralProblems(nb: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(nb)) return ["the file is not a JSON object"];
  if (nb.nbformat !== 4) problems.push(`nbformat must be 4, got ${JSON.stringify(nb.nbformat)} (convert it with \`jupyter nbconvert --to notebook\`)`);
  if (typeof nb.nbformat_minor !== "number") problems.push("nbformat_minor must be a number");
  if (!isObject(nb.metadata)) problems.push("metadata must be an object");
  if (!Array.isArray(nb.cells)) return [...problems, "cells must be an array"];
  nb.cells.forEach((c: unknown, i: number) => {
    const where = `cell ${i + 1}`;
    if (!isObject(c)) return void problems.push(`${where} is not an object`);
    if (!["code", "markdown", "raw"].includes(c.cell_type as string)) problems.push(`${where}: cell_type must be code, markdown or raw, got ${JSON.stringify(c.cell_type)}`);
    if (!isMultiline(c.source)) problems.push(`${where}: source must be a string or a list of strings`);
    if (!isObject(c.metadata)) problems.push(`${where}: metadata must be an object`);
    if (c.cell_type === "code") {
      if (!Array.isArray(c.outputs)) problems.push(`${where}: a code cell needs an outputs array`);
      if (!(c.execution_count === null || typeof c.execution_count === "number")) problems.push(`${where}: execution_count must be a number or null`);
    }
  });
  return problems;
}

/** Parses notebook JSON text; throws `NotebookError` naming the problems. */
export function parseNotebook(text: string, what = "notebook"): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new NotebookError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  const problems = structuralProblems(value);
  if (problems.length) throw new NotebookError(`${what} is not an nbformat 4 notebook:\n  - ${problems.join("\n  - ")}`);
  return value as Notebook;
}

/** Reads and checks a notebook file. */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new NotebookError(`cannot read notebook ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseNotebook(text, file);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/** Serialises like nbformat's writer: sorted keys, 1-space indent, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/**
 * Writes a notebook atomically (temporary file in the same folder, then rename), so a reader
 * or a crash never sees half a file.
 */
export function writeNotebook(file: string, nb: Notebook): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, serializeNotebook(nb));
  fs.renameSync(tmp, file);
}

/** A deep copy (notebooks are plain JSON). */
export function cloneNotebook(nb: Notebook): Notebook {
  return JSON.parse(JSON.stringify(nb)) as Notebook;
}
