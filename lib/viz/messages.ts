/**
 * User-facing texts of lib/viz, in one place so tests can refer to them by name.
 * Each says what happened, what was expected, what was received, and what to do.
 */

/** Error and notice texts, keyed by name. */
export const messages = {
  notRows: (got: string) =>
    `viz: expected rows (an array of objects), a danfo DataFrame, or columns ({ name: array }), got ${got}; ` +
    `pass e.g. [{ step: 1, loss: 0.9 }] or new dfd.DataFrame(...)`,
  missingField: (builder: string, field: string, known: string[]) =>
    `viz.${builder}: field "${field}" is not in the data; known fields: ${known.join(", ") || "(none)"}; ` +
    `set the option that names this field or rename the column`,
  badGrid: (got: string) =>
    `viz: expected a 2-D array [rows][cols], or a flat array with shape [rows, cols], got ${got}; ` +
    `pass { values: flat, shape: [H, W] } for flat data`,
  shapeMismatch: (length: number, shape: readonly number[]) =>
    `viz: flat array of length ${length} does not match shape [${shape.join(", ")}] ` +
    `(needs ${shape.reduce((a, b) => a * b, 1)}); fix the shape or the data`,
  raggedGrid: (row: number, len: number, expected: number) =>
    `viz: 2-D array row ${row} has ${len} entries, expected ${expected} like row 0; pad or trim the rows`,
  emptyData: (builder: string) => `viz.${builder}: no data rows; pass at least one row`,
  notSpec: (got: string) =>
    `viz: expected a Vega-Lite spec (an object with mark, layer, facet, concat, hconcat or vconcat), got ${got}`,
  nonPositiveLog: (builder: string, field: string) =>
    `viz.${builder}: log axis on "${field}" but some values are <= 0; drop them or set log: false`,
  noFonts: () =>
    `viz: no font files found for PNG rendering (text would be missing); ` +
    `run npm install (the package @expo-google-fonts/source-sans-3 ships them) or install Debian's fonts-dejavu-core`,
  liveClosed: () => `viz.liveChart: push() after close(); create a new live chart`,
} as const;
