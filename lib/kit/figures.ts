/**
 * Typed figures for the papers: every figure is a Vega-Lite spec on the one `$schema` lib/viz emits, returned
 * as `TopLevelSpec`, so `lab.viz.show(paper.figX(rows), { name })` needs no cast in a notebook. Bodies are written
 * as plain object literals (Vega-Lite's own union types reject many valid literals without `as const` noise);
 * the figure tests validate each named figure against the Vega-Lite schema and render it.
 */
import type { TopLevelSpec } from "vega-lite";
import { SCHEMA_URL } from "../viz/common";
import { kitMessages } from "./messages";

export { SCHEMA_URL };

/** A Vega-Lite spec without `$schema`: what a paper's figure function writes. */
export type FigureBody = { [key: string]: unknown };

/** A labelled reference line of `figure`'s options. */
export interface FigureReference extends ReferenceOptions {
  value: number;
  label: string;
}

/** Options of `figure`: reference lines it draws in every panel (an accuracy figure knows its chance level). */
export interface FigureOptions {
  /**
   * Chance level on the y axis (1 / classes for accuracy, the majority share, 0.5 AUC): a dashed line labelled
   * `chanceLabel` in every panel, so a reader sees at once which bars are at chance.
   */
  chance?: number;
  /** Label of the chance line (default "chance"; e.g. "chance (10 classes)"). */
  chanceLabel?: string;
  /** Further lines (the paper's number, a ceiling), drawn after the chance line. */
  references?: readonly FigureReference[];
}

/**
 * Adds the one `$schema` to a figure body and types it as a top-level Vega-Lite spec; `{ chance }` (and
 * `references`) draw dashed labelled lines in every panel through `withReference`:
 *   figure({ mark: "bar", encoding: { ... } }, { chance: 1 / 10, chanceLabel: "chance (10 classes)" })
 */
export function figure(body: FigureBody, o: FigureOptions = {}): TopLevelSpec {
  let spec = { $schema: SCHEMA_URL, ...body } as unknown as TopLevelSpec;
  if (o.chance !== undefined) spec = withReference(spec, o.chance, o.chanceLabel ?? "chance");
  for (const r of o.references ?? []) spec = withReference(spec, r.value, r.label, r);
  return spec;
}

/** Options of `referenceRule` and `withReference`. */
export interface ReferenceOptions {
  /** Line and label colour (default grey). */
  color?: string;
  /** The axis the value is on: "y" (default) draws a horizontal line, "x" a vertical one. */
  channel?: "x" | "y";
  /**
   * Write the label outside the plot, past the line's end (right of the plot for a horizontal line, above it for a
   * vertical one), so the figure's own data labels (bar values) cannot cover it. The figure then keeps its legend
   * off that side (e.g. `config: { legend: { orient: "top" } }`). Default false: the label sits inside the plot,
   * above the line's right end.
   */
  labelOutside?: boolean;
  /**
   * Not needed: the line is drawn at a `datum` on the figure's own scale, whatever the figure's field is called.
   * Accepted (and ignored) so figure code written for the earlier field-based rule keeps compiling.
   */
  field?: string;
}

/**
 * A reference line layer at `value` (chance level, the paper's number), dashed, with its label at the end of the
 * line: add it to a layered figure's `layer` list. It brings its own one-row data and draws at a `datum` on the
 * figure's scale, so it needs no field of the figure's data, works inside facets, and leaves the axis title alone.
 * For a figure built elsewhere (groupedBars, trainingCurves, a facet), `withReference` adds it in one line.
 */
export function referenceRule(value: number, label: string, o: ReferenceOptions = {}): FigureBody {
  if (!Number.isFinite(value)) throw new RangeError(kitMessages.badReference(label, value));
  const ch = o.channel ?? "y";
  const at = { [ch]: { datum: value, type: "quantitative" } };
  const text = o.labelOutside
    ? ch === "y"
      ? { type: "text", text: label, align: "left", baseline: "middle", x: "width", dx: 4 }
      : { type: "text", text: label, align: "center", baseline: "bottom", y: 0, dy: -3 }
    : ch === "y"
      ? { type: "text", text: label, align: "right", baseline: "bottom", x: "width", dx: -2, dy: -2 }
      : { type: "text", text: label, align: "left", baseline: "top", y: 0, dx: 3, dy: 2 };
  return {
    data: { values: [{}] },
    layer: [
      { mark: { type: "rule", strokeDash: [4, 3], color: o.color ?? "#777777" }, encoding: at },
      { mark: { ...text, color: o.color ?? "#555555", fontSize: 10 }, encoding: at },
    ],
  };
}

const CONCATS = ["hconcat", "vconcat", "concat"] as const;
/** Keys of a unit view that belong to its one layer when it becomes a layered view. */
const UNIT_KEYS = ["mark", "encoding", "params", "projection"] as const;

function isBody(x: unknown): x is FigureBody {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** `view` with the reference layer in every panel (recursing through concatenations, facets and repeats). */
function addReference(view: FigureBody, ref: FigureBody): FigureBody {
  for (const k of CONCATS) {
    const parts = view[k];
    if (Array.isArray(parts)) return { ...view, [k]: parts.map((p) => (isBody(p) ? addReference(p, ref) : p)) };
  }
  if (isBody(view.spec) && (view.facet !== undefined || view.repeat !== undefined)) return { ...view, spec: addReference(view.spec, ref) };
  if (Array.isArray(view.layer)) {
    // A layered view's own encoding would be inherited by the reference layer (an x field its one row lacks):
    // move it into the existing layers (theirs win), as Vega-Lite would have merged it.
    const { encoding, ...rest } = view;
    const layers = isBody(encoding)
      ? view.layer.map((l) => (isBody(l) ? { ...l, encoding: { ...encoding, ...(isBody(l.encoding) ? l.encoding : {}) } } : l))
      : view.layer;
    return { ...rest, layer: [...layers, ref] };
  }
  if (view.mark !== undefined) {
    const unit: FigureBody = {};
    const rest: FigureBody = {};
    for (const [k, v] of Object.entries(view)) ((UNIT_KEYS as readonly string[]).includes(k) ? unit : rest)[k] = v;
    return { ...rest, layer: [unit, ref] };
  }
  throw new TypeError(kitMessages.noReferenceView(Object.keys(view)));
}

/**
 * `spec` with a dashed reference line at `value` and its label in every panel, in one line:
 *   lab.kit.withReference(lab.viz.groupedBars(rows, { group: "model", value: "accuracy" }), 0.1, "chance (10 classes)")
 * Works on single views, layered views, facets, repeats and concatenations (lib/viz's builders included); the
 * figure's own scales, axes and legend are unchanged. Returns a new spec; `spec` is not modified.
 */
export function withReference(spec: TopLevelSpec, value: number, label: string, o: ReferenceOptions = {}): TopLevelSpec {
  const ref = referenceRule(value, label, o);
  return addReference({ ...(spec as unknown as FigureBody) }, ref) as unknown as TopLevelSpec;
}
