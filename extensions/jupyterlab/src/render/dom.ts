/**
 * DOM helpers shared by the renderers. Renderers take the `Document` they build in, so the same code
 * runs in JupyterLab and in jsdom under the unit tests. Text always goes in through `textContent`:
 * nothing from a payload is ever parsed as HTML.
 */

type Child = Node | string | null | undefined | false;

/** `h(doc, "td", { class: "x" }, "text", child)`: an element with attributes and children. */
export function h(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
  }
  return e;
}

/** An SVG element (namespaced) with attributes. */
export function s(doc: Document, tag: string, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElement {
  const e = doc.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" ? doc.createTextNode(c) : c);
  }
  return e;
}

/** A payload that does not have the expected shape: `path` names the field, `problem` what is wrong. */
export class PayloadError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = "PayloadError";
  }
}

/** JSON.stringify, cut to `max` characters, that never throws (cycles, BigInt). */
export function preview(data: unknown, max = 600): string {
  let text: string;
  try {
    text = JSON.stringify(data, null, 1) ?? String(data);
  } catch {
    text = String(data);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/**
 * The box shown instead of a blank output when a payload is malformed: what could not be rendered,
 * why (the field and the problem), what to do, and the start of the data for a bug report.
 */
export function errorBox(doc: Document, mime: string, err: unknown, data: unknown): HTMLElement {
  const problem = err instanceof Error ? err.message : String(err);
  return h(
    doc,
    "div",
    { class: "paperlab-error", role: "alert" },
    h(doc, "strong", {}, `paperlab: cannot render ${mime}`),
    h(doc, "div", { class: "paperlab-error-problem" }, problem),
    h(
      doc,
      "div",
      { class: "paperlab-error-hint" },
      "The output was written by a different paperlab version or edited by hand. Re-run the cell; if it persists, " +
        "run `npx paperlab lab install` so the extension matches the kernel.",
    ),
    h(doc, "details", {}, h(doc, "summary", {}, "data received"), h(doc, "pre", {}, preview(data))),
  );
}

/** A number as paperlab prints it: 4 significant digits, exponent when tiny or huge. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** A duration in ms as "3.0 s", "2 min 5 s" or "1.25 h". */
export function duration(ms: number): string {
  const sec = ms / 1000;
  if (sec < 60) return `${sec.toFixed(1)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${(sec / 3600).toFixed(2)} h`;
}

/** Checks: a plain object. */
export function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** Field checkers that throw a PayloadError naming the field. */
export const expect = {
  object(x: unknown, path: string): Record<string, unknown> {
    if (!isObject(x)) throw new PayloadError(path, `expected an object, got ${kind(x)}`);
    return x;
  },
  string(x: unknown, path: string): string {
    if (typeof x !== "string") throw new PayloadError(path, `expected a string, got ${kind(x)}`);
    return x;
  },
  number(x: unknown, path: string): number {
    if (typeof x !== "number" || Number.isNaN(x)) throw new PayloadError(path, `expected a number, got ${kind(x)}`);
    return x;
  },
  optionalNumber(x: unknown, path: string): number | undefined {
    return x === undefined || x === null ? undefined : expect.number(x, path);
  },
  version(x: unknown, path: string, supported: number): number {
    const v = expect.number(x, path);
    if (v > supported) throw new PayloadError(path, `payload version ${v} is newer than this extension renders (${supported})`);
    return v;
  },
};

/** A short description of a value's type for error messages. */
export function kind(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x)}`;
  if (typeof x === "number" || typeof x === "boolean") return `${typeof x} ${String(x)}`;
  return typeof x;
}
