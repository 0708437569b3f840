/**
 * Reads what a paper notebook reported back out of its executed copy: the claims (outputs with
 * the claims MIME type), the named figures (a Vega-Lite output whose display metadata says
 * `{ paperlab: { figure: "fig3-name" } }`), and its "What this scale can and cannot show" section.
 */
import { CLAIMS_MIME, ClaimRecord, isClaimsPayload } from "../claims";
import { VEGALITE_MIME } from "../protocol";

/** The Vega-Lite MIME types a figure may carry (v5, paperlab's own, is what JupyterLab 4 renders). */
export const VEGALITE_MIMES = [VEGALITE_MIME, "application/vnd.vegalite.v4+json", "application/vnd.vegalite.v6+json"];

/** The part of an nbformat 4 notebook the report reads. */
export interface NotebookLike {
  cells: Array<{ cell_type: string; source?: string | string[]; outputs?: Array<{ output_type: string; data?: Record<string, unknown>; metadata?: Record<string, unknown> }> }>;
  metadata: Record<string, unknown>;
}

/** A named figure found in a notebook. */
export interface FigureOutput {
  name: string;
  /** The Vega-Lite spec. */
  spec: Record<string, unknown>;
  /** SVG text from the bundle, when the kernel sent one. */
  svg?: string;
  /** PNG bytes from the bundle (base64 decoded), when the kernel sent one. */
  png?: Buffer;
}

function* richOutputs(nb: NotebookLike) {
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    for (const o of c.outputs ?? []) {
      if ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data) yield o;
    }
  }
}

/** Every claim displayed in the notebook, in order; a claim shown again (same paper/id) keeps its last state. */
export function extractClaims(nb: NotebookLike): ClaimRecord[] {
  const byKey = new Map<string, ClaimRecord>();
  for (const o of richOutputs(nb)) {
    const payload = o.data![CLAIMS_MIME];
    if (!isClaimsPayload(payload)) continue;
    for (const c of payload.claims) {
      const key = `${c.paper}/${c.id}`;
      byKey.delete(key);
      byKey.set(key, c);
    }
  }
  return [...byKey.values()];
}

/** A figure name is used as a file name: letters, digits, '.', '_' and '-' only. */
export function isFigureName(name: unknown): name is string {
  return typeof name === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !name.includes("..");
}

function multiline(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  if (Array.isArray(x)) return x.join("");
  return undefined;
}

/**
 * Every named figure in the notebook (the last output wins when a name repeats). Throws for a
 * figure name that cannot be a file name.
 */
export function extractFigures(nb: NotebookLike): FigureOutput[] {
  const byName = new Map<string, FigureOutput>();
  for (const o of richOutputs(nb)) {
    const meta = o.metadata?.paperlab as { figure?: unknown } | undefined;
    if (meta?.figure === undefined) continue;
    const mime = VEGALITE_MIMES.find((m) => m in o.data!);
    if (!mime) continue;
    if (!isFigureName(meta.figure)) throw new Error(`figure name ${JSON.stringify(meta.figure)} cannot be a file name: use letters, digits, '.', '_' and '-' (e.g. "fig3-mqar")`);
    const spec = o.data![mime];
    if (spec === null || typeof spec !== "object") continue;
    const png = multiline(o.data!["image/png"]);
    byName.delete(meta.figure);
    byName.set(meta.figure, {
      name: meta.figure,
      spec: spec as Record<string, unknown>,
      svg: multiline(o.data!["image/svg+xml"]),
      png: png ? Buffer.from(png.replace(/\s+/g, ""), "base64") : undefined,
    });
  }
  return [...byName.values()];
}

/** The heading every paper notebook closes with (docs: PAPER-PATTERN; the report shows the section per paper). */
export const SCALE_NOTES_TITLE = "What this scale can and cannot show";

/**
 * The notebook's "What this scale can and cannot show" section as Markdown, or null when it has none: the text under
 * that heading up to the next heading of the same or a higher level, from the markdown cells and from what the code
 * cells in between display as Markdown (`lab.display.markdown(…)`, a displayed `lab.table`; a cell's own result,
 * such as a closing run-info table, is not part of it). The notebook stays the one source: the section is written
 * there, often from the run's results, and the report copies it.
 */
export function extractScaleNotes(nb: NotebookLike): string | null {
  let level = 0;
  const parts: string[] = [];
  const title = SCALE_NOTES_TITLE.toLowerCase();
  const done = () => parts.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  for (const c of nb.cells) {
    if (c.cell_type === "markdown") {
      for (const line of (multiline(c.source) ?? "").split("\n")) {
        const h = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
        if (level === 0) {
          if (h && h[2].toLowerCase() === title) level = h[1].length;
          continue;
        }
        if (h && h[1].length <= level) return done();
        parts.push(line);
      }
      if (level) parts.push("");
    } else if (level && c.cell_type === "code") {
      for (const o of c.outputs ?? []) {
        const md = o.output_type === "display_data" ? multiline(o.data?.["text/markdown"]) : undefined;
        if (md) parts.push(md, "");
      }
    }
  }
  return level ? done() : null;
}
