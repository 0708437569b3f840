/**
 * Axis ticks shared by the figures (lib/viz's log axes, drawn by Vega) and the JupyterLab extension's live
 * training curve (extensions/jupyterlab/src/render/training.ts, drawn as SVG by hand): for the same data a
 * log axis gets the same domain (Vega's whole decades) and the same tick labels in both; linear axes get
 * 1-2-5 steps.
 *
 * No imports, on purpose: the extension's build compiles this file too (see lib/protocol.ts).
 */

/** An axis: its domain (what the plot spans) and the tick values to label, ascending, inside the domain. */
export interface Ticks {
  domain: [number, number];
  ticks: number[];
}

/** `x` rounded to 12 significant digits (removes float noise such as 0.30000000000000004). */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Log-scale ticks for values in [min, max] (both > 0). The domain is widened to whole decades, as Vega's
 * `nice` log scale does: [10^floor(log10 min), 10^ceil(log10 max)], at least one decade. Ticks: 1, 2, 5 in
 * every decade when the domain spans fewer than three decades, else the powers of ten only; so an axis
 * always has at least four labels. Throws on a non-positive or non-finite bound.
 */
export function logTicks(min: number, max: number): Ticks {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) {
    throw new RangeError(`logTicks: the bounds of a log axis must be positive and finite, got [${min}, ${max}]`);
  }
  if (min > max) [min, max] = [max, min];
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const mantissas = hi - lo < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const m of mantissas) if (e < hi || m === 1) ticks.push(clean(m * 10 ** e));
  return { domain: [clean(10 ** lo), clean(10 ** hi)], ticks };
}

/**
 * Linear ticks for [min, max]: a step of 1, 2 or 5 × 10^k giving about `count` intervals, and the step's
 * multiples inside the domain. The domain is [min, max] (a flat range is widened by 1 on each side), or with
 * `nice` widened outwards to multiples of the step, as Vega's `nice` does.
 */
export function linearTicks(min: number, max: number, count = 5, nice = false): Ticks {
  if (!(Number.isFinite(min) && Number.isFinite(max))) throw new RangeError(`linearTicks: the bounds must be finite, got [${min}, ${max}]`);
  if (min > max) [min, max] = [max, min];
  if (min === max) [min, max] = [min - 1, max + 1];
  const raw = (max - min) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * p;
  if (nice) [min, max] = [clean(Math.floor(clean(min / step)) * step), clean(Math.ceil(clean(max / step)) * step)];
  const ticks: number[] = [];
  for (let i = Math.ceil(clean(min / step)); clean(i * step) <= max; i++) ticks.push(clean(i * step));
  return { domain: [min, max], ticks };
}
