/**
 * MFSNN (arXiv 2410.03533) experiments, what the notebook calls, one per card claim (§4) and figure (§5.6):
 * - simTuning: the simulator's tuning curves drifting over days (sim_tuning_check);
 * - idealObserver: the ceiling per day (true rates, gain profiled) and chance;
 * - runWithinDay: every decoder under MSGL (M), within-day accuracy on both paradigms (claim 1, acc_within_day);
 * - runCrossDay: decoders × protocols on the later test days (claim 2, cross_day_decay, msgl_protocols);
 * - runAblations: MFSNN variants under M, with 20 % of test-day electrodes dropped (claim 3, ablation_fusion);
 * - driftSeverity, energy: read off the runs above (claims 4–5, drift_severity, energy_vs_accuracy).
 * A session caches each seed's data and every run, so a run shared by two experiments trains once.
 */
import type { BciParadigm } from "../../../datasets/entries/bci-sim";
import { seedList, spreadOf, type Spread } from "../../kit/seeds";
import type { Decoder, MfsnnConfig } from "./config";
import { simulate } from "./data";
import { loadRecordedSeed } from "./loaders";
import { idealObserverAccuracy } from "./observer";
import type { Variant } from "./model";
import type { Protocol } from "./protocols";
import { prepareSeed } from "./seed-data";
import { runDecoder, type RunResult, type SeedData } from "./train";

/** A run with its paradigm. */
export interface RunRow extends RunResult {
  paradigm: BciParadigm;
}

/** The runs and data of one notebook session. */
export interface Session {
  cfg: MfsnnConfig;
  seeds: number[];
  data: Map<string, SeedData>;
  runs: RunRow[];
  log: (line: string) => void;
}

/** A new session over seeds cfg.seed … cfg.seed + cfg.seeds − 1. */
export function newSession(cfg: MfsnnConfig, log: (line: string) => void = () => undefined): Session {
  return { cfg, seeds: seedList(cfg.seed, cfg.seeds), data: new Map(), runs: [], log };
}

/** One seed's data (simulated, with Sm's extra trials and re-drifted test days for center-out; or recorded). */
export function seedData(s: Session, paradigm: BciParadigm, seed: number): SeedData {
  const key = `${paradigm}/${seed}`;
  let d = s.data.get(key);
  if (!d) {
    const crossDay = paradigm === "center-out";
    d = s.cfg.data === "recorded" ? loadRecordedSeed(s.cfg, paradigm, seed) : prepareSeed(s.cfg, paradigm, seed, { extra: crossDay, severities: crossDay });
    s.data.set(key, d);
  }
  return d;
}

/** Trains (or reuses) one run. */
export async function run(s: Session, paradigm: BciParadigm, seed: number, decoder: Decoder, protocol: Protocol, variant: Variant = "full"): Promise<RunRow> {
  const v = decoder === "mfsnn" ? variant : null;
  const hit = s.runs.find((r) => r.paradigm === paradigm && r.seed === seed && r.decoder === decoder && r.protocol === protocol && r.variant === v);
  if (hit) return hit;
  const r: RunRow = { ...(await runDecoder(s.cfg, seedData(s, paradigm, seed), decoder, protocol, variant)), paradigm };
  s.runs.push(r);
  s.log(`${paradigm} seed ${seed} ${decoder}${v && v !== "full" ? ` −${v}` : ""} ${protocol}: within-day ${r.valAcc.toFixed(3)}, test days ${r.testAcc.toFixed(3)} (${r.steps} steps, ${(r.cpuMs / 1000).toFixed(1)} CPU-s)`);
  return r;
}

/** Runs matching a filter. */
export function runsOf(s: Session, f: Partial<Pick<RunRow, "paradigm" | "decoder" | "protocol" | "variant">>): RunRow[] {
  return s.runs.filter((r) => (Object.keys(f) as (keyof typeof f)[]).every((k) => r[k] === f[k]));
}

/** A summary cell: mean ± sd over seeds, with the per-seed values. */
export interface Cell extends Spread {
  values: number[];
}
const cell = (values: number[]): Cell => ({ ...spreadOf(values), values });

/** One sim_tuning_check row: mean rate (Hz, 0.2–0.6 s) of an example channel per target and day. */
export interface TuningRow {
  channel: string;
  day: number;
  target: number;
  rateHz: number;
}

/** The drift seen in the simulator's tuning curves: 6 tuned example channels on the first, last training and last test day. */
export function simTuning(cfg: MfsnnConfig): TuningRow[] {
  if (cfg.data === "recorded") return [];
  const days = [cfg.trainDays[0], cfg.trainDays[cfg.trainDays.length - 1], cfg.testDays[cfg.testDays.length - 1]];
  const d = simulate({ ...cfg.sim, paradigm: "center-out", trials: 8 }, days, cfg.seed, { testFrom: cfg.testDays[0] });
  const { T, C, K } = d;
  const binS = cfg.sim.binMs / 1000;
  const bins = Array.from({ length: T }, (_, t) => t).filter((t) => (t + 0.5) * binS >= 0.2 && (t + 0.5) * binS <= 0.6);
  const rate = (di: number, k: number, c: number) => bins.reduce((a, t) => a + d.rates![((di * K + k) * T + t) * C + c], 0) / bins.length / binS;
  const depth = Array.from({ length: C }, (_, c) => {
    const v = Array.from({ length: K }, (_, k) => rate(0, k, c));
    return Math.max(...v) - Math.min(...v);
  });
  const chosen = Array.from({ length: C }, (_, c) => c).sort((a, b) => depth[b] - depth[a]).slice(0, 6).sort((a, b) => a - b);
  return chosen.flatMap((c) => days.flatMap((day, di) => Array.from({ length: K }, (_, k) => ({ channel: `ch ${c}`, day, target: 45 * k, rateHz: rate(di, k, c) }))));
}

/** One ideal-observer row: accuracy on a day (mean over seeds) and chance. */
export interface ObserverRow {
  paradigm: BciParadigm;
  day: number;
  acc: Cell;
  chance: number;
}

/** The ideal observer on every day of each paradigm (simulated data only). */
export function idealObserver(s: Session): ObserverRow[] {
  if (s.cfg.data === "recorded") return [];
  return s.cfg.paradigms.flatMap((paradigm) => {
    const per = s.seeds.map((seed) => seedData(s, paradigm, seed));
    return [...s.cfg.trainDays, ...s.cfg.testDays].map((day) => ({
      paradigm, day, chance: 1 / per[0].trials.K,
      acc: cell(per.map((d) => idealObserverAccuracy(d.trials, Array.from({ length: d.trials.n }, (_, i) => i).filter((i) => d.trials.day[i] === day && !d.trials.extra[i])))),
    }));
  });
}

/** Decoders of the within-day comparison. */
export const WITHIN_DECODERS: Decoder[] = ["mfsnn", "gru", "gru-coauthor", "mlp", "logreg"];

/** One acc_within_day row: a decoder's within-day accuracy (held-out 20 % of each training day, under M). */
export interface WithinRow {
  paradigm: BciParadigm;
  /** A decoder, or "gru-best": per seed the GRU form with the higher within-day accuracy. */
  decoder: Decoder | "gru-best";
  acc: Cell;
  chance: number;
}

/** Claim 1: every decoder under M on both paradigms, all seeds. */
export async function runWithinDay(s: Session): Promise<WithinRow[]> {
  const rows: WithinRow[] = [];
  for (const paradigm of s.cfg.paradigms) {
    for (const seed of s.seeds) for (const dec of WITHIN_DECODERS) await run(s, paradigm, seed, dec, "M");
    const K = seedData(s, paradigm, s.seeds[0]).trials.K;
    const acc = (dec: Decoder) => s.seeds.map((seed) => runsOf(s, { paradigm, decoder: dec, protocol: "M", variant: dec === "mfsnn" ? "full" : null }).find((r) => r.seed === seed)!.valAcc);
    for (const dec of WITHIN_DECODERS) rows.push({ paradigm, decoder: dec, acc: cell(acc(dec)), chance: 1 / K });
    const g = acc("gru"), gc = acc("gru-coauthor");
    rows.push({ paradigm, decoder: "gru-best", acc: cell(g.map((v, i) => Math.max(v, gc[i]))), chance: 1 / K });
  }
  return rows;
}

/** One cross_day_decay row: a decoder and protocol on one test day. */
export interface CrossDayRow {
  decoder: Decoder;
  protocol: Protocol;
  day: number;
  /** Days since the last training day. */
  since: number;
  acc: Cell;
}

/** One msgl_protocols row: mean test-day accuracy of a decoder under a protocol, and its within-day accuracy. */
export interface ProtocolRow {
  decoder: Decoder;
  protocol: Protocol;
  test: Cell;
  within: Cell;
}

/** The protocols each decoder runs under (M first: the reference). */
export function protocolsOf(cfg: MfsnnConfig, dec: Decoder): Protocol[] {
  const ps = new Set<Protocol>(["M", ...cfg.protocols, ...(dec === "mfsnn" ? cfg.mfsnnProtocols : [])]);
  if (cfg.data === "recorded") ps.delete("Sm"); // no fresh trials of the last day in a recording
  return [...ps];
}

/** Claim 2: decoders × protocols on center-out, all seeds; rows per test day and per protocol. */
export async function runCrossDay(s: Session): Promise<{ days: CrossDayRow[]; protocols: ProtocolRow[] }> {
  const paradigm: BciParadigm = "center-out", last = s.cfg.trainDays[s.cfg.trainDays.length - 1];
  for (const seed of s.seeds) for (const dec of s.cfg.crossDay) for (const p of protocolsOf(s.cfg, dec)) await run(s, paradigm, seed, dec, p);
  const days: CrossDayRow[] = [], protocols: ProtocolRow[] = [];
  for (const dec of s.cfg.crossDay) {
    for (const p of protocolsOf(s.cfg, dec)) {
      const rs = s.seeds.map((seed) => runsOf(s, { paradigm, decoder: dec, protocol: p, variant: dec === "mfsnn" ? "full" : null }).find((r) => r.seed === seed)!);
      protocols.push({ decoder: dec, protocol: p, test: cell(rs.map((r) => r.testAcc)), within: cell(rs.map((r) => r.valAcc)) });
      for (const day of s.cfg.testDays) days.push({ decoder: dec, protocol: p, day, since: day - last, acc: cell(rs.map((r) => r.testByDay.find((x) => x.day === day)!.acc)) });
    }
  }
  return { days, protocols };
}

/** One ablation_fusion row: an MFSNN variant under M. */
export interface AblationRow {
  variant: Variant;
  test: Cell;
  within: Cell;
  /** Test-day accuracy with cfg.channelDrop of the electrodes zeroed, and the loss it causes. */
  dropped: Cell;
  dropLoss: Cell;
}

/** Claim 3: the full MFSNN and its ablations under M on center-out, all seeds. */
export async function runAblations(s: Session): Promise<AblationRow[]> {
  const variants: Variant[] = ["full", ...s.cfg.ablations.filter((v) => v !== "full")];
  for (const seed of s.seeds) for (const v of variants) await run(s, "center-out", seed, "mfsnn", "M", v);
  return variants.map((variant) => {
    const rs = s.seeds.map((seed) => runsOf(s, { paradigm: "center-out", decoder: "mfsnn", protocol: "M", variant }).find((r) => r.seed === seed)!);
    return { variant, test: cell(rs.map((r) => r.testAcc)), within: cell(rs.map((r) => r.valAcc)), dropped: cell(rs.map((r) => r.dropAcc)), dropLoss: cell(rs.map((r) => r.testAcc - r.dropAcc)) };
  });
}

/** One drift_severity row: test-day accuracy of a trained decoder on test days re-drifted at severity s. */
export interface SeverityRow {
  model: string;
  decoder: Decoder;
  protocol: Protocol;
  s: number;
  acc: Cell;
}

/** Claim 5: every center-out run of the cross-day decoders under M and S, evaluated at each severity (no retraining). */
export function driftSeverity(s: Session): SeverityRow[] {
  const rows: SeverityRow[] = [];
  for (const dec of s.cfg.crossDay) {
    for (const p of ["M", "S"] as Protocol[]) {
      const rs = runsOf(s, { paradigm: "center-out", decoder: dec, protocol: p, variant: dec === "mfsnn" ? "full" : null });
      if (rs.length === 0 || rs[0].severity.length === 0) continue;
      for (const { s: sev } of rs[0].severity) rows.push({ model: `${dec} (${p})`, decoder: dec, protocol: p, s: sev, acc: cell(rs.map((r) => r.severity.find((x) => x.s === sev)!.acc)) });
    }
  }
  return rows;
}

/** One energy_vs_accuracy row: operations and energy per trial of a decoder under M (center-out). */
export interface EnergyRow {
  decoder: Decoder;
  energyNj: number;
  macs: number;
  acs: number;
  within: Cell;
}

/** One firing-rate row: MFSNN's rate per LIF layer on the test days (under M). */
export interface RateRow {
  layer: string;
  rate: Cell;
}

/** Claim 4: energy and operations per trial (from the within-day runs), and MFSNN's firing rates per layer. */
export function energy(s: Session): { energy: EnergyRow[]; rates: RateRow[] } {
  const of = (dec: Decoder) => runsOf(s, { paradigm: "center-out", decoder: dec, protocol: "M", variant: dec === "mfsnn" ? "full" : null });
  const rows = WITHIN_DECODERS.filter((d) => of(d).length).map((decoder) => {
    const rs = of(decoder), m = (f: (r: RunRow) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
    return { decoder, energyNj: m((r) => r.energyNj), macs: m((r) => r.macs), acs: m((r) => r.acs), within: cell(rs.map((r) => r.valAcc)) };
  });
  const mf = of("mfsnn");
  const rates = mf.length ? Object.keys(mf[0].rates).map((layer) => ({ layer, rate: cell(mf.map((r) => r.rates[layer])) })) : [];
  return { energy: rows, rates };
}
