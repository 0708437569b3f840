/** Options and top-level wrapping shared by every builder. */
import type { Config, TopLevelSpec } from "vega-lite";
import { SCHEMA_URL } from "../protocol";
import { logTicks } from "./ticks";

/** The `$schema` every builder emits (lib/protocol.ts): Vega-Lite 5, which stock JupyterLab 4 renders natively. */
export { SCHEMA_URL };

/** Options every builder takes. */
export interface BaseOptions {
  /** Figure title (top left). */
  title?: string;
  /** Second title line in grey (e.g. the setting: "T = 256, d = 64"). */
  subtitle?: string;
  /** Plot width in pixels (one panel; the theme's default when omitted). */
  width?: number;
  /** Plot height in pixels (one panel). */
  height?: number;
  /** Config merged over the project theme for this figure only. */
  config?: Config;
}

/** What builders record in `usermeta.paperlab` (used by the display's one-line description). */
export interface BuilderMeta {
  builder: string;
  /** Short human summary, e.g. "3 runs × 5 seeds". */
  summary?: string;
}

/** The title object for `title`/`subtitle` options (undefined when neither is set). */
export function titleOf(opts: BaseOptions): TopLevelSpec["title"] {
  if (opts.title === undefined && opts.subtitle === undefined) return undefined;
  return opts.subtitle === undefined ? opts.title : { text: opts.title ?? "", subtitle: opts.subtitle };
}

/** Adds `$schema`, title, size, per-call config and builder metadata to a spec body; drops undefined keys. */
export function finish(body: Record<string, unknown>, opts: BaseOptions, meta: BuilderMeta): TopLevelSpec {
  const out: Record<string, unknown> = {
    $schema: SCHEMA_URL,
    title: titleOf(opts),
    usermeta: { paperlab: meta },
    ...body,
  };
  if (opts.config) out.config = opts.config;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as TopLevelSpec;
}

/** Values of `field` in first-appearance order (the order legends and bars follow). */
export function uniqueInOrder(rows: readonly Record<string, unknown>[], field: string): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const r of rows) {
    const v = r[field];
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

/** Number conversion that accepts numeric strings and bigint (danfo columns), NaN otherwise. */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "") return Number(v);
  return NaN;
}

/**
 * Axis for a log scale with ticks and grid lines at 1-2-5 or powers of ten only (vega's default adds a line at
 * every minor tick, which reads as noise in print): lib/viz/ticks.ts's `logTicks`, which the JupyterLab
 * extension's live curve uses too.
 */
export function logAxis(values: readonly number[]): Record<string, unknown> {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  if (pos.length === 0) return {};
  return { values: logTicks(Math.min(...pos), Math.max(...pos)).ticks, format: "~g" };
}
