/**
 * Multi-panel layouts: facet one spec by a field, or place specs side by side / stacked / in a grid with
 * "(a)", "(b)", … panel labels. Top-level-only properties of the parts ($schema, config, …) move up.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { BaseOptions, finish, uniqueInOrder } from "./common";
import { mergeConfig } from "./theme";

const TOP_ONLY = ["$schema", "config", "autosize", "background", "padding", "usermeta", "datasets"] as const;

/** Options of the concatenation helpers. */
export interface ConcatOptions extends BaseOptions {
  /** Prefix panel titles with (a), (b), … (default true). */
  panelLabels?: boolean;
  /** Pixels between panels (default 16). */
  spacing?: number;
  /** Share or separate scales across panels, e.g. { scale: { color: "independent" } }. */
  resolve?: Record<string, unknown>;
}

function split(specs: readonly TopLevelSpec[], labels: boolean) {
  let config: Config = {};
  const datasets: Record<string, unknown> = {};
  const parts = specs.map((s, i) => {
    const part: Record<string, unknown> = { ...(s as unknown as Record<string, unknown>) };
    if (part.config) config = mergeConfig(config, part.config as Config);
    if (part.datasets) Object.assign(datasets, part.datasets);
    for (const k of TOP_ONLY) delete part[k];
    if (labels) {
      const tag = `(${String.fromCharCode(97 + (i % 26))})`;
      const t = part.title;
      if (t === undefined || t === null) part.title = { text: tag, anchor: "start" };
      else if (typeof t === "string" || Array.isArray(t)) part.title = { text: `${tag} ${t}`, anchor: "start" };
      else part.title = { ...(t as Record<string, unknown>), text: `${tag} ${(t as { text?: unknown }).text ?? ""}` };
    }
    return part;
  });
  return { parts, config, datasets };
}

function concatOf(kind: "hconcat" | "vconcat" | "concat", specs: readonly TopLevelSpec[], opts: ConcatOptions, extra: Record<string, unknown> = {}) {
  if (specs.length === 0) throw new RangeError(`viz.${kind}: no panels; pass at least one spec`);
  const { parts, config, datasets } = split(specs, opts.panelLabels ?? true);
  const body: Record<string, unknown> = { [kind]: parts, spacing: opts.spacing ?? 16, ...extra };
  if (Object.keys(datasets).length) body.datasets = datasets;
  if (opts.resolve) body.resolve = opts.resolve;
  const merged = { ...opts, config: mergeConfig(config, opts.config ?? {}) };
  if (Object.keys(merged.config).length === 0) delete (merged as { config?: Config }).config;
  return finish(body, merged, { builder: kind, summary: `${specs.length} panel(s)` });
}

/** Places figures side by side, labelled (a), (b), …. */
export function hconcat(specs: readonly TopLevelSpec[], opts: ConcatOptions = {}) {
  return concatOf("hconcat", specs, opts);
}

/** Stacks figures vertically, labelled (a), (b), …. */
export function vconcat(specs: readonly TopLevelSpec[], opts: ConcatOptions = {}) {
  return concatOf("vconcat", specs, opts);
}

/** Lays figures out in a grid of `columns` per row, labelled (a), (b), …. */
export function grid(specs: readonly TopLevelSpec[], opts: ConcatOptions & { columns?: number } = {}) {
  return concatOf("concat", specs, opts, { columns: opts.columns ?? 2 });
}

/** Options of `facet`. */
export interface FacetOptions extends BaseOptions {
  /** Field for small multiples wrapped into `columns` per row. */
  field?: string;
  /** Fields for a row × column layout (instead of `field`). */
  row?: string;
  column?: string;
  /** Panels per row for `field` (default 3). */
  columns?: number;
  /** Give each panel its own y scale (default false: shared, so panels compare). */
  independentY?: boolean;
}

/** Small multiples: repeats a single-view or layered spec for each value of a field (or row × column). */
export function facet(spec: TopLevelSpec, opts: FacetOptions) {
  const s: Record<string, unknown> = { ...(spec as unknown as Record<string, unknown>) };
  if (!("mark" in s) && !("layer" in s)) throw new TypeError("viz.facet: only a single-view or layered spec can be faceted; use hconcat/vconcat/grid for compositions");
  const data = s.data;
  const title = s.title;
  const config = s.config as Config | undefined;
  for (const k of [...TOP_ONLY, "data", "title"]) delete s[k];
  const head = { labelFontSize: 12 };
  // Panels follow the data's first-appearance order when the data are inline, else vega's default order.
  const inline = data && typeof data === "object" && Array.isArray((data as { values?: unknown }).values) ? ((data as { values: Record<string, unknown>[] }).values) : undefined;
  const order = (f: string) => (inline ? uniqueInOrder(inline, f) : null);
  const f = opts.field
    ? { facet: { field: opts.field, type: "nominal", sort: order(opts.field), header: head }, columns: opts.columns ?? 3 }
    : {
        facet: {
          ...(opts.row ? { row: { field: opts.row, type: "nominal", sort: order(opts.row), header: head } } : {}),
          ...(opts.column ? { column: { field: opts.column, type: "nominal", sort: order(opts.column), header: head } } : {}),
        },
      };
  if (!opts.field && !opts.row && !opts.column) throw new RangeError("viz.facet: pass field, or row and/or column");
  const merged: BaseOptions = { title: typeof title === "string" ? title : undefined, ...opts, config: mergeConfig(config ?? {}, opts.config ?? {}) };
  if (Object.keys(merged.config!).length === 0) delete merged.config;
  return finish({ data, ...f, spec: s, ...(opts.independentY ? { resolve: { scale: { y: "independent" } } } : {}) }, merged, { builder: "facet" });
}
