/**
 * Papermill-style parameters. The cell tagged `parameters` keeps the defaults; `injectParameters`
 * adds a cell tagged `injected-parameters` right after it that sets the new values.
 *
 * TypeScript / JavaScript kernels: declare defaults with `let` (`let scale = "default";`). The
 * injected cell *assigns* (`scale = "smoke";`) instead of redeclaring, because a `const` or
 * `let` declared again in a later cell is a redeclaration error in a type-checked kernel. A
 * parameter declared with `const` cannot be injected and is reported as bad input. The injected
 * cell ends with `void 0;` so it displays nothing.
 * Python kernels: `name = value` as papermill writes it.
 *
 * Values are typed: a default that is a string literal (or annotated `: string`) takes the
 * command-line text as is; number and boolean defaults parse the text as such; anything else
 * parses as JSON and falls back to a string.
 */
import { randomUUID } from "crypto";
import { Cell, Notebook, cellTags, joinText } from "./nbformat";
import { notebookMessages } from "./messages";

/** The kind of a default value, used to type values given on the command line. */
export type ParamKind = "string" | "number" | "boolean" | "json";

/** One parameter declared in the `parameters` cell. */
export interface ParamDecl {
  name: string;
  kind: ParamKind;
  /** `const` declarations cannot be re-assigned by the injected cell. */
  constant: boolean;
  /** The default as written in the cell. */
  defaultText: string;
}

/** A language the injector can write assignments for. */
export type ParamLanguage = "typescript" | "python";

/** Bad parameters or a notebook that cannot take them (exit code 2: bad input). */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParameterError";
  }
}

/** Maps a kernel language name to an injection language; throws for unsupported languages. */
export function paramLanguage(language: string | undefined): ParamLanguage {
  const l = (language ?? "typescript").toLowerCase();
  if (["typescript", "javascript", "ts", "js", "tslab"].includes(l)) return "typescript";
  if (l === "python" || l === "python3") return "python";
  throw new ParameterError(notebookMessages.unsupportedLanguage(language));
}

function kindOfDefault(text: string, annotation: string | undefined): ParamKind {
  const a = annotation?.trim();
  if (a === "string" || a === "str") return "string";
  if (a === "number" || a === "int" || a === "float") return "number";
  if (a === "boolean" || a === "bool") return "boolean";
  const t = text.trim();
  if (/^["'`]/.test(t) || /^[rfb]?["']/.test(t)) return "string";
  if (/^(true|false|True|False)$/.test(t)) return "boolean";
  if (/^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return "number";
  return "json";
}

/** The parameters declared in a `parameters` cell, in order. */
export function parseParameterCell(source: string, language: ParamLanguage): ParamDecl[] {
  const out: ParamDecl[] = [];
  for (const line of source.split("\n")) {
    let m: RegExpExecArray | null;
    if (language === "typescript") {
      m = /^\s*(?:export\s+)?(let|const|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=]+?))?\s*=\s*(.*?)\s*;?\s*(?:\/\/.*)?$/.exec(line);
      if (m) out.push({ name: m[2], constant: m[1] === "const", kind: kindOfDefault(m[4], m[3]), defaultText: m[4] });
    } else {
      m = /^([A-Za-z_]\w*)\s*(?::\s*([^=]+?))?\s*=(?!=)\s*(.*?)\s*(?:#.*)?$/.exec(line);
      if (m) out.push({ name: m[1], constant: false, kind: kindOfDefault(m[3], m[2]), defaultText: m[3] });
    }
  }
  return out;
}

/** Index of the cell tagged `parameters`, or -1. */
export function findParametersCell(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes("parameters"));
}

/**
 * A notebook's `parameters` cell, read once: `readParameters` finds and parses it, and everything that
 * needs the declarations (the paper scan, typing `-p` values, injection) takes this result instead of
 * parsing the cell again.
 */
export interface NotebookParameters {
  /** Index of the cell tagged `parameters` in the notebook it was read from. */
  cell: number;
  /** The language the cell was parsed as. */
  language: ParamLanguage;
  /** The declarations, in order. */
  decls: ParamDecl[];
}

/** The one reader of a notebook's parameters: the parsed `parameters` cell, or undefined when there is none. */
export function readParameters(nb: Notebook, language: ParamLanguage): NotebookParameters | undefined {
  const cell = findParametersCell(nb);
  if (cell < 0) return undefined;
  return { cell, language, decls: parseParameterCell(joinText(nb.cells[cell].source), language) };
}

/**
 * Types a value given as text on the command line (`-p NAME VALUE`) from the default's kind.
 * Throws `ParameterError` when the text does not fit the kind.
 */
export function typeCliValue(decl: ParamDecl | undefined, text: string): unknown {
  const kind = decl?.kind ?? "json";
  switch (kind) {
    case "string":
      return text;
    case "number": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) throw new ParameterError(notebookMessages.notANumber(decl!.name, decl!.defaultText, text));
      return n;
    }
    case "boolean":
      if (/^(true|True|1|yes)$/.test(text)) return true;
      if (/^(false|False|0|no)$/.test(text)) return false;
      throw new ParameterError(notebookMessages.notABoolean(decl!.name, decl!.defaultText, text));
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
  }
}

/** Renders a JSON value as a Python literal. */
export function pythonLiteral(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "float('nan')";
    if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "-float('inf')";
    return String(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pythonLiteral(x)}`).join(", ")}}`;
}

/** Renders a JSON value as a TypeScript literal. */
export function typescriptLiteral(v: unknown): string {
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  return JSON.stringify(v) ?? "undefined";
}

/** The source of the injected cell. */
export function injectedSource(values: Record<string, unknown>, language: ParamLanguage): string {
  const lines = Object.entries(values).map(([k, v]) =>
    language === "python" ? `${k} = ${pythonLiteral(v)}` : `${k} = ${typescriptLiteral(v)};`,
  );
  if (language === "python") return ["# Parameters", ...lines].join("\n");
  // An assignment is an expression statement, so a TypeScript kernel would show the last value;
  // `void 0` ends the cell on undefined, which kernels do not display.
  return ["// Parameters", ...lines, "void 0;"].join("\n");
}

/**
 * Returns a copy of the notebook with an `injected-parameters` cell after the `parameters` cell
 * (replacing an earlier injected cell, as papermill does). `params` is the notebook's parameters cell as
 * `readParameters` parsed it. With no values, returns the notebook unchanged. Throws `ParameterError`
 * for unknown names (listing the known ones), `const` parameters, or a notebook without a parameters cell.
 */
export function injectParameters(nb: Notebook, params: NotebookParameters | undefined, values: Record<string, unknown>): Notebook {
  const names = Object.keys(values);
  if (names.length === 0) return nb;
  if (!params) {
    throw new ParameterError(notebookMessages.noParametersCell(names));
  }
  const known = new Map(params.decls.map((d) => [d.name, d]));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new ParameterError(notebookMessages.unknownParameters(unknown, params.decls.map((d) => d.name)));
  }
  const constants = names.filter((n) => known.get(n)!.constant);
  if (constants.length) {
    throw new ParameterError(notebookMessages.constParameters(constants));
  }
  const cell: Cell = {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    source: injectedSource(values, params.language),
  };
  if (nb.nbformat_minor >= 5) cell.id = randomUUID().slice(0, 8);
  // Drop an earlier injected cell; the parameters cell moves up by the cells dropped before it.
  const injected = (c: Cell) => cellTags(c).includes("injected-parameters");
  const before = nb.cells.slice(0, params.cell).filter(injected).length;
  const cells = nb.cells.filter((c) => !injected(c));
  cells.splice(params.cell - before + 1, 0, cell);
  return { ...nb, cells };
}

/**
 * Types the `-p NAME VALUE` pairs against the declarations of the notebook's parameters cell (as
 * `readParameters` parsed it). File values (`-f`) are already typed and pass through.
 */
export function typeParameters(params: NotebookParameters | undefined, cli: Array<[string, string]>): Record<string, unknown> {
  const byName = new Map((params?.decls ?? []).map((d) => [d.name, d]));
  const out: Record<string, unknown> = {};
  for (const [name, text] of cli) out[name] = typeCliValue(byName.get(name), text);
  return out;
}
