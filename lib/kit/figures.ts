/**
 * Typed figures for the papers: every figure is a Vega-Lite spec on the one `$schema` lib/viz emits, returned
 * as `TopLevelSpec`, so `lab.viz.show(paper.figX(rows), { name })` needs no cast in a notebook. Bodies are written
 * as plain object literals (Vega-Lite's own union types reject many valid literals without `as const` noise);
 * the figure tests validate each named figure against the Vega-Lite schema and render it.
 */
import type { TopLevelSpec } from "vega-lite";
import { SCHEMA_URL } from "../viz/common";

export { SCHEMA_URL };

/** A Vega-Lite spec without `$schema`: what a paper's figure function writes. */
export type FigureBody = { [key: string]: unknown };

/** Adds the one `$schema` to a figure body and types it as a top-level Vega-Lite spec. */
export function figure(body: FigureBody): TopLevelSpec {
  return { $schema: SCHEMA_URL, ...body } as unknown as TopLevelSpec;
}

/**
 * A horizontal reference rule layer at `y` (chance level, the paper's number), dashed, with a label at the
 * right end: add it to a layered accuracy figure so a reader sees what "no better than chance" is.
 */
export function referenceRule(y: number, label: string, o: { color?: string; field?: string } = {}): FigureBody {
  const field = o.field ?? "y";
  return {
    data: { values: [{ [field]: y, label }] },
    layer: [
      { mark: { type: "rule", strokeDash: [4, 3], color: o.color ?? "#777" }, encoding: { y: { field, type: "quantitative" } } },
      { mark: { type: "text", align: "right", baseline: "bottom", dy: -2, x: "width", color: o.color ?? "#555", fontSize: 10 }, encoding: { y: { field, type: "quantitative" }, text: { field: "label" } } },
    ],
  };
}
