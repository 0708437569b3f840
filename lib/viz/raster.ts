/**
 * Spike rasters: one tick per spike (time × neuron), coloured by population or layer, with an optional
 * population-rate panel above on the same time axis.
 */
import { BaseOptions, finish, num, uniqueInOrder } from "./common";
import { GridInput, Row, TableInput, isDataFrameLike, requireFields, toGrid, toRows } from "./data";
import { OKABE_ITO } from "./theme";

/** Options of `spikeRaster`. */
export interface RasterOptions extends BaseOptions {
  /** Time and neuron fields of row input (default "t" and "neuron"). */
  t?: string;
  neuron?: string;
  /** Field colouring the spikes (e.g. "layer" or "population"). */
  group?: string;
  /** For a spike matrix: its layout, "time-major" [T, N] (default) or "neuron-major" [N, T]. */
  layout?: "time-major" | "neuron-major";
  /** Time per step of a spike matrix (default 1) and the time unit for the axis title (default "step"). */
  dt?: number;
  unit?: string;
  /** Add a population-rate panel above, binned over this many time units (true: 1 step). */
  rate?: boolean | number;
}

function isMatrixInput(x: unknown): x is GridInput {
  if (Array.isArray(x)) return x.length > 0 && (Array.isArray(x[0]) || ArrayBuffer.isView(x[0]));
  return x !== null && typeof x === "object" && "values" in x && "shape" in x && !isDataFrameLike(x);
}

/**
 * Spike raster from spike rows `{ t, neuron }` or a 0/1 spike matrix ([T, N] by default), with an
 * optional population-rate panel (spikes per neuron per time unit) above.
 */
export function spikeRaster(data: TableInput | GridInput, opts: RasterOptions = {}) {
  const tf = opts.t ?? "t";
  const nf = opts.neuron ?? "neuron";
  let spikes: Row[];
  let neurons: number;
  let tMax: number;
  const dt = opts.dt ?? 1;
  if (isMatrixInput(data)) {
    const g = toGrid(data);
    const neuronMajor = opts.layout === "neuron-major";
    const [T, N] = neuronMajor ? [g.width, g.height] : [g.height, g.width];
    spikes = [];
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) {
        const v = neuronMajor ? g.values[n * g.width + t] : g.values[t * g.width + n];
        if (v > 0) spikes.push({ [tf]: t * dt, [nf]: n });
      }
    }
    neurons = N;
    tMax = T * dt;
  } else {
    const rows = toRows(data as TableInput);
    requireFields("spikeRaster", rows, [tf, nf, opts.group]);
    spikes = rows.map((r) => ({ ...r, [tf]: num(r[tf]), [nf]: num(r[nf]) }));
    neurons = Math.max(...spikes.map((r) => r[nf] as number)) + 1;
    tMax = Math.max(...spikes.map((r) => r[tf] as number)) + dt;
  }
  const height = opts.height ?? Math.max(120, Math.min(320, neurons * 4));
  const tickLen = Math.max(1, Math.min(10, (height / Math.max(1, neurons)) * 0.8));
  const unit = opts.unit ?? "step";
  const xEnc = { field: tf, type: "quantitative", title: `time (${unit})`, scale: { domain: [0, tMax], nice: false } };
  const groups = opts.group ? uniqueInOrder(spikes, opts.group).map(String) : [];
  const color = opts.group
    ? { field: opts.group, type: "nominal", sort: groups, scale: { domain: groups, range: OKABE_ITO.slice(0, groups.length).concat() } }
    : { value: "#111111" };
  const raster = {
    width: opts.width,
    height,
    mark: { type: "tick", orient: "vertical", thickness: 1.2, size: tickLen, opacity: 1 },
    encoding: {
      x: xEnc,
      y: { field: nf, type: "quantitative", title: "neuron", scale: { domain: [-0.5, neurons - 0.5], nice: false, zero: false }, axis: { tickMinStep: 1, format: "d" } },
      color,
    },
  };
  const meta = { builder: "spikeRaster", summary: `${spikes.length} spike(s), ${neurons} neuron(s), t < ${tMax}` };
  if (!opts.rate) return finish({ data: { values: spikes }, ...raster }, opts, meta);
  const bin = opts.rate === true ? dt : opts.rate;
  const nb = Math.max(1, Math.ceil(tMax / bin));
  const counts = new Array<number>(nb).fill(0);
  for (const s of spikes) counts[Math.min(nb - 1, Math.floor((s[tf] as number) / bin))]++;
  const rates = counts.map((c, i) => ({ [tf]: i * bin, t_end: (i + 1) * bin, rate: c / (neurons * bin) }));
  const ratePanel = {
    data: { values: rates },
    width: opts.width,
    height: 60,
    mark: { type: "rect", color: "#555555" },
    encoding: {
      x: { ...xEnc, title: null, axis: { labels: false, ticks: false, domain: false } },
      x2: { field: "t_end" },
      y: { field: "rate", type: "quantitative", title: `rate (/${unit})`, axis: { tickCount: 3 } },
    },
  };
  return finish({ vconcat: [ratePanel, { data: { values: spikes }, ...raster }], spacing: 4, resolve: { scale: { x: "shared" } } }, opts, meta);
}
