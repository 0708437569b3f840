/**
 * lib/viz: paper-quality Vega-Lite figures, live in JupyterLab and rendered headless to SVG and PNG.
 *
 * Builders take plain rows, columns or a danfo DataFrame (2-D arrays for heatmaps) and return an
 * editable Vega-Lite v5 spec; the project theme is applied when a figure is displayed or rendered.
 * Importing this module registers the display formatter, so `display(spec)` (or a cell's last value)
 * shows the chart with SVG and text fallbacks.
 */
import { registerVizFormatter } from "./show";

export * from "./theme";
export * from "./data";
export * from "./render";
export { fontFiles } from "./fonts";
export * from "./curves";
export * from "./bars";
export * from "./scatter";
export * from "./labels";
export * from "./heatmap";
export * from "./raster";
export * from "./layout";
export * from "./show";
export * from "./live";
export * from "./ticks";
export { wrapTitle, wrapLine, MIN_TITLE_WIDTH } from "./titles";
export { messages as vizMessages } from "./messages";
export { SCHEMA_URL } from "./common";
export type { BaseOptions } from "./common";

registerVizFormatter();
