/**
 * Simulated intracortical recordings over days, for cross-day BCI decoding (MFSNN, arXiv 2410.03533; the paper's
 * monkey data are not public): seeded, versioned generators of binned spike counts `[N, T, C]` with a day index and
 * a class label per trial, plus the true expected counts per day, class, bin and channel (for an ideal observer).
 * This is the project's reconstruction (paper card §5), not the paper's data.
 *
 * Center-out (card §5.1), K = 8 targets θ_k = 45°·k, per channel i: tuned with probability 0.7;
 *   b_i ~ LogNormal(ln 8 Hz, 0.6) clipped to [0.5, 60]; m_i = depth·u_i·b_i, u_i ~ U(0.3, 1) (0 if untuned);
 *   φ_i ~ U(0, 2π); lag ℓ_i ~ U(−0.15, 0.05) s; c_i ~ U(0, 0.5)·b_i;
 *   λ_i(t|k) = e_d · max(0.2, b_i + c_i h(t) + m_i cos(θ_k − φ_i) h(t − ℓ_i)),  h(t) = exp(−(t − 0.35)²/(2·0.12²)).
 * Grasp-and-touch (card §5.3), K = 4: λ_i(t|k) = e_d · exp(a_i + depth·w_iᵀ z_k(t)), a_i ~ N(ln 6, 0.5²),
 *   w_i ~ N(0, 0.6² I₃), z_k(t)_j = A_kj · exp(−(t − c_j)²/(2·0.1²)) with shared timing c = (0.3, 0.45, 0.6) s.
 * Trials: gain g ~ Gamma(10, 0.1) shared by all channels (noise correlations); n ~ Poisson(g·λΔ) per bin, λΔ the
 * rate integrated over the bin (midpoints of ≤ 20 ms sub-steps).
 * Drift into recording day d from the previous one, gap G days, severity s (card §5.2; steps scale with √G):
 *   ln b_i, ln m_i (center-out) or a_i (grasp) += N(0, 0.1² s² G);  φ_i += 2°·s·G + N(0, (5° s)² G);
 *   grasp: w_i ← R(3°·s·G about a random axis) w_i + N(0, 0.06² s² G I);  day excitability e_d = exp(N(0, 0.1² s²));
 *   unit turnover (fresh b, m, φ, ℓ, c or a, w) with probability min(1, 0.03 s G); death (0.5 Hz noise, for good)
 *   with probability min(1, 0.02 s G).
 * Steps into days ≥ `testFrom` use `testSeverity`, so test days can be re-drifted at another severity with the
 * training days' population and trials unchanged (every random draw comes from a stream forked by its purpose and
 * day, independent of s).
 */
import { sha256 } from "../checksum";
import { DatasetError } from "../errors";
import { fixGenerator } from "../messages";
import { register } from "../registry";
import { Rng } from "../../lib/core/train/seed";
import { gamma, poisson } from "../../lib/core/train/samplers";

/** Bumped whenever the output for given parameters changes. */
export const BCI_SIM_VERSION = 1;

/** The two simulated paradigms. */
export type BciParadigm = "center-out" | "grasp";

/** Generator parameters. */
export interface BciSimParams {
  paradigm: BciParadigm;
  /** Electrodes C. */
  channels: number;
  /** Bin width Δ in ms (card: 20). */
  binMs: number;
  /** Trial length in ms (card: 1000 → T = 50 bins of 20 ms). */
  trialMs: number;
  /** Recording days, increasing (gaps allowed, e.g. [0, 1, 2, 4, 7]). */
  days: number[];
  /** Trials per day (a multiple of the class count: every block of K trials holds each class once). */
  trials: number;
  /** Index of the first trial drawn per day (fresh trials of the same population: trialStart = an earlier `trials`). */
  trialStart: number;
  /** Drift severity s of the steps into days < testFrom (card default 1). */
  severity: number;
  /** Severity of the steps into days ≥ testFrom. */
  testSeverity: number;
  /** First day drifted at testSeverity. */
  testFrom: number;
  /** Tuning depth multiplier (1 = the card's population). */
  depth: number;
  seed: number;
}

/** Generated trials with their parameters and the true expected counts. */
export interface BciSimData {
  generator: "bci-sim";
  version: number;
  params: BciSimParams;
  /** `[N, T, C]` spike counts, trials of a day contiguous, days in order. */
  counts: Uint16Array;
  /** `[N]` class 0..K−1. */
  labels: Int32Array;
  /** `[N]` recording day of each trial. */
  day: Int32Array;
  /** `[N]` true trial gain g (diagnostics; a decoder never sees it). */
  gain: Float32Array;
  /** `[D, K, T, C]` expected counts per bin at g = 1 (λΔ, excitability included), D = params.days.length. */
  rates: Float32Array;
  /** Per day: the channels dead by then (1) or alive (0), `[D, C]`. */
  dead: Uint8Array;
  n: number;
  T: number;
  C: number;
  K: number;
}

/** Class names per paradigm. */
export const BCI_CLASSES: Readonly<Record<BciParadigm, readonly string[]>> = {
  "center-out": ["0°", "45°", "90°", "135°", "180°", "225°", "270°", "315°"],
  grasp: ["grasp small", "grasp large", "touch left", "touch right"],
};

/** Card defaults: 96 channels, 20 ms bins, 1 s trials, days 0–9, 200 trials a day, s = 1. */
export const BCI_SIM_DEFAULTS: BciSimParams = {
  paradigm: "center-out", channels: 96, binMs: 20, trialMs: 1000, days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trials: 200, trialStart: 0,
  severity: 1, testSeverity: 1, testFrom: 5, depth: 1, seed: 0,
};

/**
 * Grasp latent amplitudes A_kj (class k, bump j): the project's choice, four distinct sign patterns scaled by 0.4 so
 * that the ideal observer (true rates, gain profiled) decodes ≈ 0.96 at 100 ms bins, as on the center-out task.
 */
const GRASP_A = [[1.0, 0.6, -0.4], [1.0, -0.6, 0.4], [-0.6, 1.0, 0.6], [-0.6, -1.0, -0.6]].map((row) => row.map((a) => 0.4 * a));
const GRASP_CENTRES = [0.3, 0.45, 0.6];
const DEG = Math.PI / 180;
/** Movement onset t_m (s) and bump width (s) of the center-out profile h(t). */
const T_MOVE = 0.35, H_WIDTH = 0.12;
/** Rate of a dead channel (Hz). */
const DEAD_HZ = 0.5;

/** Merges overrides into the defaults, rejecting unknown keys and impossible values. */
export function bciSimParams(overrides: Partial<BciSimParams> = {}, defaults: BciSimParams = BCI_SIM_DEFAULTS): BciSimParams {
  const known = Object.keys(defaults);
  for (const k of Object.keys(overrides)) {
    if (!known.includes(k)) throw new DatasetError("option", `unknown bci-sim parameter '${k}'`, `use only: ${known.join(", ")}`);
  }
  const p: BciSimParams = { ...defaults, ...overrides, days: [...(overrides.days ?? defaults.days)] };
  const bad = (msg: string) => new DatasetError("option", `bci-sim parameters: ${msg}`, "change the parameters");
  if (p.paradigm !== "center-out" && p.paradigm !== "grasp") throw bad(`paradigm must be "center-out" or "grasp", got ${JSON.stringify(p.paradigm)}`);
  const K = BCI_CLASSES[p.paradigm].length;
  for (const k of ["channels", "binMs", "trialMs", "trials"] as const) if (!Number.isInteger(p[k]) || p[k] < 1) throw bad(`${k} must be a positive integer, got ${p[k]}`);
  if (!Number.isInteger(p.trialStart) || p.trialStart < 0 || p.trialStart % K !== 0) throw bad(`trialStart must be a multiple of ${K} ≥ 0, got ${p.trialStart}`);
  if (p.trials % K !== 0) throw bad(`trials must be a multiple of the ${K} classes (balanced blocks), got ${p.trials}`);
  if (p.trialMs % p.binMs !== 0) throw bad(`trialMs ${p.trialMs} must be a multiple of binMs ${p.binMs}`);
  if (!p.days.length || !p.days.every((d, i) => Number.isInteger(d) && d >= 0 && (i === 0 || d > p.days[i - 1]))) throw bad(`days must be increasing non-negative integers, got ${JSON.stringify(p.days)}`);
  for (const k of ["severity", "testSeverity", "depth"] as const) if (!(p[k] >= 0) || !Number.isFinite(p[k])) throw bad(`${k} must be ≥ 0, got ${p[k]}`);
  if (!Number.isInteger(p.seed)) throw bad(`seed must be an integer, got ${p.seed}`);
  return p;
}

/** One channel's state (both paradigms' fields; the unused ones stay 0). */
interface Unit {
  tuned: boolean; b: number; m: number; phi: number; lag: number; c: number; // center-out
  a: number; w: [number, number, number]; // grasp
  dead: boolean;
}

function freshUnit(p: BciSimParams, r: Rng): Unit {
  const u: Unit = { tuned: false, b: 0, m: 0, phi: 0, lag: 0, c: 0, a: 0, w: [0, 0, 0], dead: false };
  if (p.paradigm === "center-out") {
    u.tuned = r.float() < 0.7;
    u.b = Math.min(60, Math.max(0.5, Math.exp(Math.log(8) + 0.6 * r.normal())));
    const depth = r.uniform(0.3, 1.0);
    u.m = u.tuned ? depth * u.b : 0;
    u.phi = r.uniform(0, 2 * Math.PI);
    u.lag = r.uniform(-0.15, 0.05);
    u.c = r.uniform(0, 0.5) * u.b;
  } else {
    u.a = Math.log(6) + 0.5 * r.normal();
    u.w = [0.6 * r.normal(), 0.6 * r.normal(), 0.6 * r.normal()];
  }
  return u;
}

/** Rotation of v by `angle` about the unit axis n (Rodrigues). */
function rotate(v: [number, number, number], n: [number, number, number], angle: number): [number, number, number] {
  const c = Math.cos(angle), s = Math.sin(angle), d = v[0] * n[0] + v[1] * n[1] + v[2] * n[2];
  const x: [number, number, number] = [n[1] * v[2] - n[2] * v[1], n[2] * v[0] - n[0] * v[2], n[0] * v[1] - n[1] * v[0]];
  return [0, 1, 2].map((i) => v[i] * c + x[i] * s + n[i] * d * (1 - c)) as [number, number, number];
}

/** One drift step of every unit into a day, gap G, severity s (draws independent of s; see the header). */
function drift(units: Unit[], p: BciSimParams, r: Rng, gap: number, s: number): void {
  const sq = Math.sqrt(gap);
  const axisRaw = [r.normal(), r.normal(), r.normal()];
  const norm = Math.hypot(...axisRaw) || 1;
  const axis = axisRaw.map((x) => x / norm) as [number, number, number];
  units.forEach((u, i) => {
    const ur = r.fork(`unit/${i}`);
    const z = [ur.normal(), ur.normal(), ur.normal(), ur.normal()];
    const turnover = ur.float() < Math.min(1, 0.03 * s * gap), dies = ur.float() < Math.min(1, 0.02 * s * gap);
    const fresh = freshUnit(p, ur.fork("fresh"));
    if (p.paradigm === "center-out") {
      u.b = Math.min(60, Math.max(0.5, u.b * Math.exp(0.1 * s * sq * z[0])));
      u.m *= Math.exp(0.1 * s * sq * z[1]);
      u.phi += 2 * DEG * s * gap + 5 * DEG * s * sq * z[2];
    } else {
      u.a += 0.1 * s * sq * z[0];
      const w = rotate(u.w, axis, 3 * DEG * s * gap);
      u.w = [w[0] + 0.06 * s * sq * z[1], w[1] + 0.06 * s * sq * z[2], w[2] + 0.06 * s * sq * z[3]];
    }
    if (turnover && !u.dead) Object.assign(u, fresh);
    if (dies) u.dead = true;
  });
}

/** Expected counts per bin at g = 1 for one day: `[K, T, C]` (λΔ with sub-steps of ≤ 20 ms). */
function dayRates(units: Unit[], p: BciSimParams, excitability: number): Float32Array {
  const K = BCI_CLASSES[p.paradigm].length, C = p.channels, T = p.trialMs / p.binMs;
  const sub = Math.ceil(p.binMs / 20), dt = p.binMs / sub / 1000;
  const out = new Float32Array(K * T * C);
  const bump = (t: number, c: number, w: number) => Math.exp(-((t - c) ** 2) / (2 * w * w));
  for (let k = 0; k < K; k++) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < C; i++) {
        const u = units[i];
        let acc = 0;
        for (let q = 0; q < sub; q++) {
          const time = (t * sub + q + 0.5) * dt; // s
          let hz: number;
          if (u.dead) hz = DEAD_HZ;
          else if (p.paradigm === "center-out") {
            hz = Math.max(0.2, u.b + u.c * bump(time, T_MOVE, H_WIDTH) + p.depth * u.m * Math.cos(45 * DEG * k - u.phi) * bump(time - u.lag, T_MOVE, H_WIDTH));
          } else {
            let wz = 0;
            for (let j = 0; j < 3; j++) wz += u.w[j] * GRASP_A[k][j] * bump(time, GRASP_CENTRES[j], 0.1);
            hz = Math.min(200, Math.exp(u.a + p.depth * wz));
          }
          acc += (u.dead ? hz : excitability * hz) * dt;
        }
        out[(k * T + t) * C + i] = acc;
      }
    }
  }
  return out;
}

/** Generates the trials of every day in `params.days`. */
export function generateBciSim(overrides: Partial<BciSimParams> = {}, defaults: BciSimParams = BCI_SIM_DEFAULTS): BciSimData {
  const p = bciSimParams(overrides, defaults);
  const K = BCI_CLASSES[p.paradigm].length, C = p.channels, T = p.trialMs / p.binMs, D = p.days.length;
  const root = new Rng(`bci-sim/${p.paradigm}/${p.seed}`);
  const pop = root.fork("population");
  const units = Array.from({ length: C }, (_, i) => freshUnit(p, pop.fork(`unit/${i}`)));
  const N = D * p.trials;
  const counts = new Uint16Array(N * T * C), labels = new Int32Array(N), day = new Int32Array(N), gain = new Float32Array(N);
  const rates = new Float32Array(D * K * T * C), dead = new Uint8Array(D * C);
  let prevDay = 0;
  p.days.forEach((d, di) => {
    // the population drifts one day at a time from day 0, so the days listed do not change any day's population
    for (let step = prevDay + 1; step <= d; step++) drift(units, p, root.fork(`drift/${step}`), 1, step >= p.testFrom ? p.testSeverity : p.severity);
    prevDay = d;
    const s = d >= p.testFrom ? p.testSeverity : p.severity;
    const excit = d === 0 ? 1 : Math.exp(0.1 * s * root.fork(`excitability/${d}`).normal());
    const lam = dayRates(units, p, excit);
    rates.set(lam, di * K * T * C);
    units.forEach((u, i) => (dead[di * C + i] = u.dead ? 1 : 0));
    for (let j = 0; j < p.trials; j++) {
      const idx = p.trialStart + j, row = di * p.trials + j;
      const block = Math.floor(idx / K);
      const k = root.fork(`labels/${d}/${block}`).permutation(K)[idx % K]; // each block of K trials holds every class once
      const tr = root.fork(`trial/${d}/${idx}`);
      const g = gamma(tr, 10, 0.1);
      labels[row] = k;
      day[row] = d;
      gain[row] = g;
      const base = k * T * C, off = row * T * C;
      for (let q = 0; q < T * C; q++) counts[off + q] = Math.min(65535, poisson(tr, g * lam[base + q]));
    }
  });
  return { generator: "bci-sim", version: BCI_SIM_VERSION, params: p, counts, labels, day, gain, rates, dead, n: N, T, C, K };
}

/** Checks shapes, label balance per day and day order. */
export function checkBciSim(s: BciSimData): void {
  const fix = fixGenerator(s.params.paradigm === "grasp" ? "bci-grasp-sim" : "bci-center-out-sim");
  const { trials, days } = s.params;
  if (s.counts.length !== s.n * s.T * s.C || s.labels.length !== s.n || s.day.length !== s.n) {
    throw new DatasetError("invariant", `bci-sim: arrays do not match [N=${s.n}, T=${s.T}, C=${s.C}]`, fix);
  }
  days.forEach((d, di) => {
    const hist = new Array<number>(s.K).fill(0);
    for (let j = 0; j < trials; j++) {
      const row = di * trials + j;
      if (s.day[row] !== d) throw new DatasetError("invariant", `bci-sim: trial ${row} has day ${s.day[row]}, expected ${d}`, fix);
      hist[s.labels[row]]++;
    }
    if (hist.some((h) => h !== trials / s.K)) throw new DatasetError("invariant", `bci-sim: day ${d} class counts ${hist.join("/")}, expected ${trials / s.K} each`, fix);
  });
}

/** Deterministic bytes: a JSON header line, then uint16 LE counts, int32 LE labels and days. */
export function bciSimToBytes(s: BciSimData): Buffer {
  const header = Buffer.from(JSON.stringify({ generator: s.generator, version: s.version, params: s.params, shape: [s.n, s.T, s.C] }) + "\n", "utf8");
  const c = Buffer.alloc(s.counts.length * 2);
  for (let i = 0; i < s.counts.length; i++) c.writeUInt16LE(s.counts[i], 2 * i);
  const i32 = (a: Int32Array) => {
    const b = Buffer.alloc(a.length * 4);
    for (let i = 0; i < a.length; i++) b.writeInt32LE(a[i], 4 * i);
    return b;
  };
  return Buffer.concat([header, c, i32(s.labels), i32(s.day)]);
}

/** Pinned SHA-256 of bciSimToBytes for each entry's defaults (cross-machine determinism). */
export const BCI_SIM_PINNED: Record<"bci-center-out-sim" | "bci-grasp-sim", string> = {
  "bci-center-out-sim": "218e7e1241090146a8ef0afc7482b6cf8f70ebf7017fdd07cf015a45b488ce2d",
  "bci-grasp-sim": "180f4a23f282d2dc9342e0b61581e127845b4ef5e0b2f1104d185392cd212ffd",
};

function entry(id: "bci-center-out-sim" | "bci-grasp-sim", defaults: BciSimParams, description: string) {
  return register<BciSimData, Partial<BciSimParams>>({
    id,
    description,
    licence: "generated (no data licence); model of the MFSNN paper card §5 (project reconstruction)",
    source: `generator datasets/entries/bci-sim.ts v${BCI_SIM_VERSION}`,
    kind: "generator",
    optional: false,
    invariants: {
      samples: { perDay: defaults.trials, days: defaults.days.length },
      shapes: { counts: [defaults.trialMs / defaults.binMs, defaults.channels] },
      labels: [...BCI_CLASSES[defaults.paradigm]],
      notes: [`defaults ${JSON.stringify(defaults)}`, `sha256 of the default bytes ${BCI_SIM_PINNED[id]}`, "each block of K trials of a day holds every class once"],
    },
    status() {
      return { available: true, where: "generated in memory" };
    },
    async load(overrides?: Partial<BciSimParams>) {
      const s = generateBciSim(overrides, defaults);
      checkBciSim(s);
      return s;
    },
    async verify() {
      const a = generateBciSim({}, defaults);
      checkBciSim(a);
      const h = sha256(bciSimToBytes(a));
      if (h !== BCI_SIM_PINNED[id]) throw new DatasetError("determinism", `${id}: bytes for the default parameters hash to ${h}, pinned ${BCI_SIM_PINNED[id]}`, "if the generator changed on purpose, bump BCI_SIM_VERSION and update BCI_SIM_PINNED in datasets/entries/bci-sim.ts");
      return { id, checks: [`${a.n} trials x T=${a.T} x C=${a.C}, classes balanced per day, sha256 ${h.slice(0, 16)}... pinned`] };
    },
  });
}

/** Registry entry `bci-center-out-sim`: 8-target center-out reaching, 96 channels, 10 days of drift. */
export const bciCenterOutSim = entry("bci-center-out-sim", BCI_SIM_DEFAULTS, "Simulated center-out reaching (96 ch, 8 targets, 20 ms bins, 10 days of drift); MFSNN's stand-in");
/** Registry entry `bci-grasp-sim`: 4-class grasp-and-touch analog. */
export const bciGraspSim = entry("bci-grasp-sim", { ...BCI_SIM_DEFAULTS, paradigm: "grasp" }, "Simulated grasp-and-touch (96 ch, 4 classes, 20 ms bins, 10 days of drift); MFSNN's stand-in");
