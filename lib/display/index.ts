/**
 * The one display path. A value becomes a MIME bundle through `toMimeBundle` (pure, testable
 * without a kernel); `display()` sends it to the current sink: the kernel installs one that
 * publishes `display_data` / `update_display_data` on IOPub, and without a kernel (headless
 * scripts, tests) the default sink prints the `text/plain` part.
 *
 * Objects opt in with `[Symbol.for("Jupyter.display")]()` returning a MIME bundle (Deno's
 * protocol); library types opt in with `registerFormatter`.
 */
import { inspect } from "util";
import { BUILTIN_FORMATTERS } from "./formatters";

/** MIME type → data. */
export type MimeBundle = Record<string, unknown>;

/** What a value displays as: data plus per-MIME metadata. */
export interface DisplayBundle {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** Deno-compatible display protocol symbol. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** A formatter turns values it recognises into a bundle; returns undefined for others. */
export interface Formatter {
  name: string;
  format(value: unknown): DisplayBundle | undefined | Promise<DisplayBundle | undefined>;
  /**
   * Formatters with a higher priority are tried first (default 0; within a priority, the latest
   * registered first). Formatters of concrete library types (tensors, DataFrames) use 10 so that
   * structural matchers (e.g. "has `concat` and `data`") cannot claim them.
   */
  priority?: number;
}

const formatters: Formatter[] = [];

/** Adds a formatter; later registrations are tried first. Re-registering a name replaces it. */
export function registerFormatter(f: Formatter): void {
  const i = formatters.findIndex((x) => x.name === f.name);
  if (i >= 0) formatters.splice(i, 1);
  formatters.unshift(f);
}

for (const f of BUILTIN_FORMATTERS) registerFormatter(f);

/** The formatters in the order they are tried (for tests and introspection). */
export function listFormatters(): readonly Formatter[] {
  // Array.prototype.sort is stable: registration order is kept within a priority.
  return [...formatters].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
}

function isBundleLike(x: unknown): x is MimeBundle {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** Converts any value to a display bundle. Always includes `text/plain`. */
export async function toMimeBundle(value: unknown): Promise<DisplayBundle> {
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const fn = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY];
    if (typeof fn === "function") {
      const data = await (fn as () => unknown).call(value);
      if (!isBundleLike(data)) {
        throw new TypeError(`[Symbol.for("Jupyter.display")]() must return a MIME bundle object, got ${typeof data}`);
      }
      const out: MimeBundle = { ...data };
      if (!("text/plain" in out)) out["text/plain"] = plainText(value);
      return { data: out, metadata: {} };
    }
  }
  for (const f of listFormatters()) {
    let b: DisplayBundle | undefined;
    try {
      b = await f.format(value);
    } catch (err) {
      // A broken formatter must not hide the value: note it once and try the next one.
      warnFormatter(f.name, err);
      continue;
    }
    if (b) {
      if (!("text/plain" in b.data)) b.data["text/plain"] = plainText(value);
      return b;
    }
  }
  return { data: { "text/plain": plainText(value) }, metadata: {} };
}

const warned = new Set<string>();
function warnFormatter(name: string, err: unknown): void {
  if (warned.has(name)) return;
  warned.add(name);
  process.stderr.write(`display: formatter '${name}' threw (${(err as Error)?.message ?? err}); skipped it for this value\n`);
}

/** The plain-text form used as every bundle's fallback. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return inspect(value);
  return inspect(value, { depth: 4, maxArrayLength: 50, breakLength: 100 });
}

/** Options of `display()`. */
export interface DisplayOptions {
  /** A display id: a later `update()` replaces this output in place. Generated when omitted. */
  id?: string;
  /** Extra metadata (for example `{ paperlab: { figure: "fig3-mqar" } }`). */
  metadata?: Record<string, unknown>;
  /** Send bundle data as given (no formatting): the value must be a MIME bundle. */
  raw?: boolean;
}

/** Where displays go. The kernel installs its own; the default prints text. */
export interface DisplaySink {
  display(bundle: DisplayBundle, displayId: string | undefined): void;
  update(bundle: DisplayBundle, displayId: string): void;
  clear(wait: boolean): void;
  /** Sends any IOPub message with the current cell as parent (the kernel's sink only). */
  publish?(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown>): void;
  /**
   * A library notice that is not the cell's output (a rendering warning from Vega): the kernel writes it to its
   * own stderr (the server's log), where a cell's stderr would land in the notebook. Default: the process's stderr.
   */
  log?(text: string): void;
}

/** The text a headless sink prints: `text/plain`, else a label naming the richest MIME type. */
export function headlessText(b: DisplayBundle): string {
  const plain = b.data["text/plain"];
  if (plain !== undefined) return String(plain);
  const types = Object.keys(b.data);
  return types.length ? `<${types.join(", ")}>` : "<empty display>";
}

const textSink: DisplaySink = {
  display(b) {
    process.stdout.write(headlessText(b) + "\n");
  },
  update(b) {
    process.stdout.write(headlessText(b) + "\n");
  },
  clear() {},
};

let sink: DisplaySink = textSink;

/** Installs a sink (the kernel does, at start) and returns the previous one. */
export function setDisplaySink(s: DisplaySink | null): DisplaySink {
  const prev = sink;
  sink = s ?? textSink;
  return prev;
}

/**
 * Sends a library notice to the run log, not to the cell's output: through the sink's `log` (the kernel's own
 * stderr), or the process's stderr without one. For diagnostics a reader of the notebook does not need.
 */
export function logNotice(text: string): void {
  if (sink.log) sink.log(text);
  else process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** True when a kernel (or other rich frontend) receives displays. */
export function isRichDisplay(): boolean {
  return sink !== textSink;
}

let idCounter = 0;

/**
 * Marks a value whose only purpose is the display just made (a display handle): a kernel does not echo it as the
 * cell's result, as IPython's `display()` returns None. A registered symbol, so copies of this module agree.
 */
export const NO_ECHO: unique symbol = Symbol.for("paperlab.display.noEcho");

/** True for a value a cell should not echo as its execute_result (it carries `NO_ECHO`). Pure. */
export function isNoEcho(x: unknown): boolean {
  return x !== null && (typeof x === "object" || typeof x === "function") && (x as { [NO_ECHO]?: unknown })[NO_ECHO] === true;
}

/** A handle on one output: update it in place, or read its id. Not echoed when a cell ends with it. */
export class DisplayHandle {
  readonly [NO_ECHO] = true;
  constructor(readonly id: string, private readonly metadata: Record<string, unknown> = {}) {}
  /** Replaces the output with `value` (an `update_display_data` in a kernel). */
  async update(value: unknown, opts: Omit<DisplayOptions, "id"> = {}): Promise<void> {
    const b = opts.raw ? { data: value as MimeBundle, metadata: {} } : await toMimeBundle(value);
    b.metadata = { ...b.metadata, ...this.metadata, ...(opts.metadata ?? {}) };
    sink.update(b, this.id);
  }
}

/**
 * Sends a raw IOPub message (`msgType`, `content`, `metadata`) with the running cell as parent, when
 * a kernel's sink receives displays; returns false headless. For protocol-level code such as
 * `Deno.jupyter.broadcast`; values go through `display()`.
 */
export function publishIopub(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): boolean {
  if (!sink.publish) return false;
  sink.publish(msgType, content, metadata);
  return true;
}

/**
 * Displays a value; resolves to a handle whose `update()` replaces it in place. A raw bundle
 * reaches the sink before this returns; a formatted value once its formatter has run.
 */
async function displayValue(value: unknown, opts: DisplayOptions = {}): Promise<DisplayHandle> {
  const id = opts.id ?? `paperlab-${process.pid}-${++idCounter}`;
  const b = opts.raw ? { data: value as MimeBundle, metadata: {} } : await toMimeBundle(value);
  b.metadata = { ...b.metadata, ...(opts.metadata ?? {}) };
  sink.display(b, id);
  return new DisplayHandle(id, opts.metadata);
}

function toBase64(data: string | Uint8Array): string {
  return typeof data === "string" ? data : Buffer.from(data).toString("base64");
}

/** Displays a bundle built from one MIME type plus a text/plain fallback. */
function displayAs(mime: string, data: unknown, text: string, opts: Omit<DisplayOptions, "raw"> = {}): Promise<DisplayHandle> {
  return displayValue({ [mime]: data, "text/plain": text }, { ...opts, raw: true });
}

/**
 * Displays a value (`display(x)`, `display(x, { id })`) and returns a **Promise** of a handle whose
 * `update()` replaces the output in place: `const h = await display(x); await h.update(y)`. Await
 * it also to keep outputs in order (a formatter may be asynchronous, e.g. a chart rendered to SVG).
 * `display.html/markdown/svg/png/json` show content of that MIME type and resolve the same way.
 */
export const display = Object.assign(displayValue, {
  /** Shows an HTML fragment. */
  html: (html: string, opts?: Omit<DisplayOptions, "raw">) => displayAs("text/html", html, "<HTML>", opts),
  /** Shows Markdown. */
  markdown: (md: string, opts?: Omit<DisplayOptions, "raw">) => displayAs("text/markdown", md, md, opts),
  /** Shows an SVG image (the markup). */
  svg: (svg: string, opts?: Omit<DisplayOptions, "raw">) => displayAs("image/svg+xml", svg, "<SVG image>", opts),
  /** Shows a PNG image (bytes, or a base64 string). */
  png: (png: string | Uint8Array, opts?: Omit<DisplayOptions, "raw">) => displayAs("image/png", toBase64(png), "<PNG image>", opts),
  /** Shows JSON (an expandable tree in JupyterLab). */
  json: (value: unknown, opts?: Omit<DisplayOptions, "raw">) => displayAs("application/json", value, JSON.stringify(value, null, 2) ?? String(value), opts),
});

/** Clears the cell's output; with `wait`, only when the next output arrives. */
export function clearOutput(opts: { wait?: boolean } = {}): void {
  sink.clear(Boolean(opts.wait));
}
export { table, Table, formatCell } from "./table";
export type { TableOptions, CellFormat } from "./table";
export { runLog, RunLog } from "./runlog";
