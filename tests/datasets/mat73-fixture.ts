/**
 * Writes tiny O'Doherty–Sabes-style MATLAB v7.3 sessions with h5wasm for the mat73 and odoherty-reaching tests, in
 * the layout MATLAB writes (HDF5 shapes = MATLAB shapes reversed): t [1, S], cursor_pos / target_pos [2, S],
 * spikes [U, C] object references into `#refs#` ([1, n] float64 times; empty cells as uint64 [2] with
 * MATLAB_empty = 1), chan_names [1, C] references to uint16 char arrays. Not written: MATLAB's 512-byte user block
 * (h5wasm cannot create one), the MATLAB_class attributes (not read), finger_pos and wf.
 */
import { loadH5wasm } from "../../datasets/formats/mat73";

/** The session of the fixture: S = 1000 samples at 250 Hz from t = 1 s; 3 channels × 2 units. */
export const FIXTURE = {
  S: 1000,
  t0: 1,
  dt: 0.004,
  chanNames: ["elec1", "elec2", "elec33"],
  /** spikes[c][u]: spike times (s) of channel c, unit u (unit 0 = unsorted). */
  spikes: [[[1.001, 1.019, 1.021, 3.51], [1.0205]], [[], [0.5, 2.005]], [[4.996], []]] as number[][][],
  /** Target changes: from sample i the target is (x, y); the cursor stays at (0, 0). */
  targets: [[0, 0, 0], [250, 10, 0], [500, -7, -7], [875, 0, 10]] as [number, number, number][],
};

/** Field overrides: omit a field, or write it as a plain float64 array of this HDF5 shape. */
export interface FixtureChanges {
  omit?: string[];
  numeric?: Record<string, { data: number[]; shape: number[] }>;
}

/** Writes the fixture session to `file` (HDF5, the v7.3 layout without the user block). */
export async function writeReachingFixture(file: string, changes: FixtureChanges = {}): Promise<void> {
  const h5 = await loadH5wasm();
  const { S, t0, dt, chanNames, spikes, targets } = FIXTURE;
  const f = new h5.File(file, "w");
  try {
    const skip = new Set(changes.omit ?? []);
    const refs = f.create_group("#refs#");
    let k = 0;
    const vector = (v: number[]) => refs.create_dataset({ name: `r${k++}`, data: new Float64Array(v), shape: [1, v.length] });
    const empty = () => {
      const d = refs.create_dataset({ name: `r${k++}`, data: new BigUint64Array([0n, 0n]), shape: [2] });
      d.create_attribute("MATLAB_empty", 1, null, "<B");
      return d;
    };
    const put = (name: string, write: () => void) => {
      if (skip.has(name)) return;
      const o = changes.numeric?.[name];
      if (o) f.create_dataset({ name, data: new Float64Array(o.data), shape: o.shape });
      else write();
    };
    put("t", () => f.create_dataset({ name: "t", data: Float64Array.from({ length: S }, (_, i) => t0 + i * dt), shape: [1, S] }));
    put("cursor_pos", () => f.create_dataset({ name: "cursor_pos", data: new Float64Array(2 * S), shape: [2, S] }));
    put("target_pos", () => {
      const v = new Float64Array(2 * S);
      for (const [from, x, y] of targets) for (let s = from; s < S; s++) { v[s] = x; v[S + s] = y; }
      f.create_dataset({ name: "target_pos", data: v, shape: [2, S] });
    });
    const C = spikes.length, U = spikes[0].length;
    put("spikes", () => {
      const r = [];
      for (let u = 0; u < U; u++) for (let c = 0; c < C; c++) r.push((spikes[c][u].length ? vector(spikes[c][u]) : empty()).create_reference());
      f.create_dataset({ name: "spikes", data: r, shape: [U, C] });
    });
    put("chan_names", () => {
      const r = chanNames.map((n) => refs.create_dataset({ name: `r${k++}`, data: Uint16Array.from(n, (ch) => ch.charCodeAt(0)), shape: [n.length, 1] }).create_reference());
      f.create_dataset({ name: "chan_names", data: r, shape: [1, C] });
    });
  } finally {
    f.close();
  }
}
