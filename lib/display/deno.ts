/**
 * `Deno.jupyter` for notebooks written for Deno's kernel (`deno jupyter`), on paperlab's one display
 * path. The kernel makes `Deno` visible to cells only (never on globalThis, so packages that probe
 * for the Deno runtime still see Node); this module is what it holds.
 *
 * Covered, with Deno's semantics (Deno 1.4x / 2.x `ext/jupyter`):
 * - `Deno.jupyter.display(x, { raw?, update?, display_id? })`: a MIME bundle as is when `raw`,
 *   else formatted like `display(x)`; `update` replaces the output shown with that `display_id`;
 * - `Deno.jupyter.html` / `md` / `svg` tagged templates: objects that display as that one MIME type
 *   (Deno's `makeDisplayable`), through `Symbol.for("Jupyter.display")` (`Deno.jupyter.$display`);
 * - `Deno.jupyter.format(x)`: the bundle `display(x)` would send;
 * - `Deno.jupyter.image(pathOrBytes)`: a PNG or JPEG (recognised by its signature);
 * - `Deno.jupyter.broadcast(msgType, content, { metadata })`: a raw IOPub message (no buffers).
 *
 * Not covered (see README "Notebooks from tslab and Deno"): `Deno.jupyter.comm` (use `comms`), the
 * rest of the `Deno` namespace (`Deno.readTextFile`, `Deno.env`, permissions: use Node's `fs`,
 * `process.env`), `prompt()` / `confirm()` (use `await input()`), and `npm:` / `jsr:` / URL imports.
 */
import * as fs from "fs";
import { inspect } from "util";
import { display, DisplayHandle, JUPYTER_DISPLAY, MimeBundle, publishIopub, toMimeBundle } from "./index";
import { displayMessages } from "./messages";

/** Options of `Deno.jupyter.display`, as in Deno. */
export interface DenoDisplayOptions {
  /** The object is a MIME bundle already: send it as is. */
  raw?: boolean;
  /** Replace the output shown with `display_id` instead of adding one. */
  update?: boolean;
  /** The output's id (needed by `update`). */
  display_id?: string;
}

/** An object that displays as its own MIME bundle (what `html`, `md`, `svg`, `image` return). */
export interface DenoDisplayable {
  [JUPYTER_DISPLAY](): MimeBundle;
}

/** What the tagged templates are: `html\`<b>${x}</b>\``. */
export type DenoTaggedTemplate = (strings: TemplateStringsArray, ...values: unknown[]) => DenoDisplayable;

/** The `Deno.jupyter` namespace that paperlab provides. */
export interface DenoJupyter {
  /** Shows `obj` (formatted like `display(obj)`, or as is with `raw`); with `update`, replaces output `display_id`. */
  display(obj: unknown, options?: DenoDisplayOptions): Promise<void>;
  /** The MIME bundle `obj` displays as. */
  format(obj: unknown): Promise<MimeBundle>;
  /** HTML from a template string. */
  html: DenoTaggedTemplate;
  /** Markdown from a template string. */
  md: DenoTaggedTemplate;
  /** SVG markup from a template string. */
  svg: DenoTaggedTemplate;
  /** A PNG or JPEG image from bytes or a file path. */
  image(pathOrBytes: string | Uint8Array): DenoDisplayable;
  /** Sends one IOPub message with the running cell as parent (no binary buffers). */
  broadcast(msgType: string, content: Record<string, unknown>, extra?: { metadata?: Record<string, unknown> }): Promise<void>;
  /** `Symbol.for("Jupyter.display")`. */
  readonly $display: typeof JUPYTER_DISPLAY;
}

/** Labels of the text/plain fallback the kernel adds (never the object's internals). */
const PLAIN_LABEL: Record<string, (payload: string) => string> = {
  "text/html": () => "<HTML>",
  "text/markdown": (p) => p,
  "image/svg+xml": () => "<SVG image>",
  "image/png": () => "<PNG image>",
  "image/jpeg": () => "<JPEG image>",
};

/** Deno's `makeDisplayable`: an object showing `{ [mime]: payload }`. */
function displayable(mime: string, payload: string): DenoDisplayable {
  const label = (PLAIN_LABEL[mime] ?? (() => `<${mime}>`))(payload);
  return {
    [JUPYTER_DISPLAY]: () => ({ [mime]: payload }),
    [inspect.custom]: () => label,
  } as DenoDisplayable;
}

function taggedTemplate(mime: string): DenoTaggedTemplate {
  // Deno joins the literal parts with the values, leaving out undefined values.
  return (strings, ...values) =>
    displayable(mime, strings.reduce((acc, s, i) => acc + s + (i < values.length && values[i] !== undefined ? String(values[i]) : ""), ""));
}

function isPng(b: Uint8Array): boolean {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}

function isJpeg(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;
}

function image(pathOrBytes: string | Uint8Array): DenoDisplayable {
  const bytes = typeof pathOrBytes === "string" ? fs.readFileSync(pathOrBytes) : pathOrBytes;
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  if (isPng(bytes)) return displayable("image/png", base64);
  if (isJpeg(bytes)) return displayable("image/jpeg", base64);
  throw new TypeError(displayMessages.denoImageUnknown(typeof pathOrBytes === "string" ? pathOrBytes : `a ${bytes.length}-byte array`));
}

function isBundleLike(x: unknown): x is MimeBundle {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

async function denoDisplay(obj: unknown, options: DenoDisplayOptions = {}): Promise<void> {
  if (options.update && !options.display_id) throw new TypeError(displayMessages.denoUpdateWithoutId());
  const raw = Boolean(options.raw) && isBundleLike(obj);
  if (options.update) await new DisplayHandle(options.display_id as string).update(obj, { raw });
  else await display(obj, { raw, id: options.display_id });
}

/** The `Deno.jupyter` object the kernel shows to cells. */
export const denoJupyter: DenoJupyter = {
  display: denoDisplay,
  format: async (obj) => (await toMimeBundle(obj)).data,
  html: taggedTemplate("text/html"),
  md: taggedTemplate("text/markdown"),
  svg: taggedTemplate("image/svg+xml"),
  image,
  broadcast: async (msgType, content, extra = {}) => {
    if (!publishIopub(msgType, content, extra.metadata ?? {})) throw new Error(displayMessages.denoNoBroadcast(msgType));
  },
  $display: JUPYTER_DISPLAY,
};

/** The `Deno` global of cells: only `jupyter`. */
export const denoGlobal: { readonly jupyter: DenoJupyter } = Object.freeze({ jupyter: denoJupyter });
