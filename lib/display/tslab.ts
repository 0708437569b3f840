/**
 * tslab's public API (`import * as tslab from "tslab"`) on paperlab's one display path, so that
 * notebooks written for tslab run unchanged: inside the paperlab kernel, `require("tslab")` from a
 * cell gives this module (the real package would throw "Not ready": its display needs tslab's own
 * kernel).
 *
 * Faithful to tslab 1.0 (node_modules/tslab/dist/public.js): every method sends a bundle of
 * exactly one MIME type, `{ [contentType]: payload }` with bytes base64-encoded and metadata `{}`;
 * the methods return nothing and send synchronously; `newDisplay()` shows its first call as a new
 * output and replaces it in place on every later call. Here they go through `display()` and
 * `DisplayHandle.update()` with `raw: true`, so they reach the same sink (IOPub in the kernel,
 * stdout headless) as `display()` does.
 */
import * as path from "path";
import type { Display } from "tslab";
import { display, DisplayHandle, MimeBundle } from "./index";

/** tslab's `versions`: the tslab package, the TypeScript its converter uses, and Node. */
export interface TslabVersions {
  tslab: string;
  typescript: string;
  node: string;
}

function packageVersion(file: string): string {
  try {
    return String((require(file) as { version?: unknown }).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

let cachedVersions: TslabVersions | null = null;

/** The versions tslab itself would report (read from the installed packages' package.json). */
export function tslabVersions(): TslabVersions {
  if (cachedVersions) return cachedVersions;
  const tslabPkg = require.resolve("tslab/package.json");
  let typescript = "unknown";
  try {
    typescript = packageVersion(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [path.dirname(tslabPkg)] }));
  } catch {
    /* the converter's TypeScript is not installed next to tslab: keep "unknown" */
  }
  cachedVersions = { tslab: packageVersion(tslabPkg), typescript, node: process.version };
  return cachedVersions;
}

/** The bundle tslab sends for one call: one MIME type, bytes as base64. */
export function tslabBundle(contentType: string, b: string | Uint8Array): MimeBundle {
  return { [contentType]: b instanceof Uint8Array ? Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64") : b };
}

/** One tslab `Display`: without an id every call is a new output; with one, later calls update it. */
class TslabDisplay implements Display {
  private shown = false;

  constructor(private readonly id?: string) {}

  javascript(s: string): void {
    this.raw("text/javascript", s);
  }
  html(s: string): void {
    this.raw("text/html", s);
  }
  markdown(s: string): void {
    this.raw("text/markdown", s);
  }
  latex(s: string): void {
    this.raw("text/latex", s);
  }
  svg(s: string): void {
    this.raw("image/svg+xml", s);
  }
  png(b: Uint8Array): void {
    this.raw("image/png", b);
  }
  jpeg(b: Uint8Array): void {
    this.raw("image/jpeg", b);
  }
  gif(b: Uint8Array): void {
    this.raw("image/gif", b);
  }
  pdf(b: Uint8Array): void {
    this.raw("application/pdf", b);
  }
  text(s: string): void {
    this.raw("text/plain", s);
  }
  /** Sends `{ [contentType]: b }` as it is (raw); the sink is reached before this returns. */
  raw(contentType: string, b: string | Uint8Array): void {
    const bundle = tslabBundle(contentType, b);
    // With raw: true, display() and update() call the sink synchronously (no formatter to await).
    if (this.id !== undefined && this.shown) void new DisplayHandle(this.id).update(bundle, { raw: true });
    else void display(bundle, { raw: true, id: this.id });
    if (this.id !== undefined) this.shown = true;
  }
}

/** tslab's `display`: each call shows a new output. */
export const tslabDisplay: Display = new TslabDisplay();

let displayCount = 0;

/** tslab's `newDisplay()`: one output, shown by the first call and replaced in place by each later one. */
export function newDisplay(): Display {
  return new TslabDisplay(`tslab-${process.pid}-${++displayCount}`);
}

let moduleObject: Record<string, unknown> | null = null;

/**
 * What a cell gets for `require("tslab")`: tslab's three exports, plus `default` (itself) so that
 * `import tslab from "tslab"` works as well as `import * as tslab from "tslab"`.
 */
export function tslabModule(): Record<string, unknown> {
  if (moduleObject) return moduleObject;
  const m: Record<string, unknown> = { __esModule: true, display: tslabDisplay, newDisplay };
  Object.defineProperty(m, "versions", { enumerable: true, get: tslabVersions });
  m.default = m;
  moduleObject = m;
  return m;
}
