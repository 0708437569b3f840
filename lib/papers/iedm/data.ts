/**
 * Urban-canyon GNSS/INS/Vision drive simulator of the I-EDM card (§5.1): a vehicle on a street grid with a speed
 * profile and stops (trajectory.ts), a 2.5D IMU per grade (imu.ts), VO velocity with dropouts (vision.ts), and 1 Hz
 * L1 code/phase for the rover and an open-sky base from real GPS geometry (rtklib TLEs, Walker fallback): buildings
 * H ~ U(15, 60) m per street side and width W ~ U(15, 30) m block satellites, a blocked satellite arrives by a
 * far-facade reflection (NLOS) with probability 0.5, low LOS satellites get two-ray multipath, slips happen on
 * reacquisition and spontaneously, noise grows at low elevation, and receiver clocks (common to all satellites,
 * cancelled by DDs) drift. Every injected fault is logged with its truth, so detection is scored per event.
 */
import { azEl, enuFrame, enuToEcef, distance, LAMBDA_L1, DEG, type Vec3 } from "../../gnss/frames";
import { tleConstellation, walkerConstellation, type Constellation } from "../../gnss/constellation";
import { Rng } from "../../core/train/seed";
import { utcDateToGps } from "../../gnss/time";
import type { ObsFile } from "../../gnss/rinex-obs";
import { SITE } from "./site";
import { simulateTrajectory, type StreetPiece, type TruthSeries } from "./trajectory";
import { simulateImu, type ImuGradeName, type ImuSeries } from "./imu";
import { simulateVision, type VisionConfig, type VisionSeries } from "./vision";

/** Simulator settings (defaults from the card; units in comments). */
export interface DriveConfig {
  seed: number;
  /** Duration, s (GNSS at 1 Hz). */
  duration: number;
  /** IMU rate, Hz. */
  imuRate: number;
  /** Cruise speed range per street, m/s. */
  speedRange: [number, number];
  /** Probability of a stop at an intersection, and its duration range, s. */
  stopProbability: number;
  stopRange: [number, number];
  /** Building height range, m (canyon severity: H/W). */
  heightRange: [number, number];
  /** Street width range, m. */
  widthRange: [number, number];
  /** Spontaneous slip probability per satellite-epoch (×5 below 20° elevation). */
  slipRate: number;
  /** Probability that a blocked satellite arrives by reflection (NLOS). */
  nlosProbability: number;
  /** GNSS outages (underpasses): start and duration, s since the drive start; empty for none. */
  outages: { start: number; duration: number }[];
  /** No faults at all (no NLOS, multipath or slips): the calibration drives of the false-alarm thresholds. */
  faultFree: boolean;
  imuGrade: ImuGradeName;
  vision: VisionConfig;
  constellation: "tle" | "walker";
}

/** Card defaults. */
export const DRIVE_DEFAULTS: DriveConfig = {
  seed: 1, duration: 600, imuRate: 100, speedRange: [6, 12], stopProbability: 0.3, stopRange: [5, 20],
  heightRange: [15, 60], widthRange: [15, 30], slipRate: 0.002, nlosProbability: 0.5, outages: [], faultFree: false, imuGrade: "mems",
  vision: { rate: 10, relNoise: 0.01, floorNoise: 0.02, dropoutRate: 0.002, dropoutRange: [1, 5] }, constellation: "tle",
};

/** Fault types of the log. */
export type FaultType = "slip-reacquisition" | "slip-spontaneous" | "nlos" | "multipath";

/** An injected fault with its truth. */
export interface FaultEvent {
  t: number;
  sat: string;
  type: FaultType;
  /** Cycles for slips; metres of code error for NLOS/multipath (at onset). */
  size: number;
  /** Phase error at onset, m (NLOS/multipath). */
  phaseError?: number;
}

/** One satellite's rover observation with its truth (undifferenced, metres; phase = range + λ·N + errors). */
export interface RoverObs {
  code: number;
  phase: number;
  codeError: number;
  phaseError: number;
  ambiguity: number;
  state: "los" | "nlos";
  multipath: boolean;
}

/** Per-epoch truth and observations. */
export interface DriveEpoch {
  /** GPS time, s. */
  t: number;
  /** Index of this epoch in the IMU/truth series. */
  k: number;
  /** Rover ENU position in the base frame, m. */
  truthEnu: Vec3;
  heading: number;
  /** true inside a GNSS outage (no observations). */
  outage: boolean;
  sky: { sat: string; azDeg: number; elDeg: number; state: "los" | "nlos" | "blocked" }[];
  /** ECEF positions of the satellites above the mask (the filter's ephemeris; exact here). */
  satPos: Map<string, Vec3>;
  rover: Map<string, RoverObs>;
  base: Map<string, { code: number; phase: number }>;
}

/** A simulated drive: epochs, fault log, base position, truth and sensor series. */
export interface Drive {
  config: DriveConfig;
  /** GPS time of the first epoch, s. */
  t0: number;
  base: Vec3;
  epochs: DriveEpoch[];
  faults: FaultEvent[];
  pieces: StreetPiece[];
  truth: TruthSeries;
  imu: ImuSeries;
  vision: VisionSeries;
}

/** Checks overrides of a drive config: an unknown key is an error naming the known ones. */
export function driveConfig(overrides: Partial<DriveConfig> = {}): DriveConfig {
  for (const k of Object.keys(overrides)) {
    if (!(k in DRIVE_DEFAULTS)) throw new Error(`simulateDrive: unknown config key "${k}"; known keys: ${Object.keys(DRIVE_DEFAULTS).join(", ")}`);
  }
  return { ...DRIVE_DEFAULTS, ...overrides };
}

const constellations = new Map<string, Constellation>();
function getConstellation(kind: DriveConfig["constellation"]): Constellation {
  if (!constellations.has(kind)) constellations.set(kind, kind === "tle" ? tleConstellation() : walkerConstellation());
  return constellations.get(kind)!;
}

/** Simulates one drive (deterministic for a seed). */
export function simulateDrive(overrides: Partial<DriveConfig> = {}): Drive {
  const cfg = driveConfig(overrides);
  const rng = new Rng(cfg.seed);
  const rGeo = rng.fork("geometry");
  const rNoise = rng.fork("noise");
  const rFault = rng.fork("faults");
  const cons = getConstellation(cfg.constellation);
  const frame = enuFrame(SITE);
  const t0 = utcDateToGps(new Date(Date.UTC(2020, 11, 1))) + Math.floor(rGeo.uniform(0, 86400));
  const { pieces, truth } = simulateTrajectory(
    { duration: cfg.duration, rate: cfg.imuRate, speedRange: cfg.speedRange, cornerRadius: 10, stopProbability: cfg.stopProbability, stopRange: cfg.stopRange, heightRange: cfg.heightRange, widthRange: cfg.widthRange, gradeAmplitude: 2, gradeWavelength: 400 },
    rGeo,
    [rGeo.uniform(1000, 2000), rGeo.uniform(500, 1500), 0],
  );
  const imu = simulateImu(truth, cfg.imuGrade, rng.fork("imu"));
  const vision = simulateVision(truth, cfg.vision, rng.fork("vision"));
  const amb = new Map<string, number>(); // rover ambiguities (cycles)
  const baseAmb = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  const mpAlpha = new Map<string, number>();
  const nlosDraw = new Map<string, boolean>();
  const nlosPhase = new Map<string, number>(); // carrier phase offset of a reflection, m: one per NLOS episode
  const prevState = new Map<string, string>();
  const faults: FaultEvent[] = [];
  const epochs: DriveEpoch[] = [];
  const baseEcef = SITE;
  let clockR = rNoise.normal(0, 1e3); // receiver clock biases c·δt, m (random walk; cancel in DDs)
  let clockB = rNoise.normal(0, 1e3);
  for (let i = 0; i < cfg.duration; i++) {
    const t = t0 + i;
    const k = Math.round(i * cfg.imuRate);
    const g = pieces[truth.piece[k]];
    const s = truth.along[k];
    const enu: Vec3 = [truth.e[k], truth.n[k], truth.u[k]];
    const atCorner = g.kind === "corner" || s < g.width / 2 || g.length - s < g.width / 2; // intersections: open sky
    const outage = cfg.outages.some((o) => i >= o.start && i < o.start + o.duration);
    const rx = enuToEcef(frame, enu);
    clockR += rNoise.normal(0, 3);
    clockB += rNoise.normal(0, 3);
    const ep: DriveEpoch = { t, k, truthEnu: enu, heading: truth.psi[k], outage, sky: [], satPos: new Map(), rover: new Map(), base: new Map() };
    for (const [sat, p] of cons.positions(t)) {
      const { az, el } = azEl(rx, p, frame);
      if (el < 10 * DEG) continue;
      ep.satPos.set(sat, p);
      const sinRel = Math.sin(az - g.heading);
      const right = sinRel > 0;
      const dPerp = g.width / 2 / Math.max(Math.abs(sinRel), 1e-3); // horizontal distance to the facade on the sat's side
      const H = right ? g.hR : g.hL;
      const blocked = outage || (!atCorner && el < Math.atan(H / dPerp));
      const key = `${sat}@${truth.piece[k]}`;
      if (!nlosDraw.has(key)) nlosDraw.set(key, rFault.float() < cfg.nlosProbability);
      const delta = 2 * (g.width / 2) * Math.cos(el) * Math.abs(sinRel); // extra path of the far-facade reflection
      let state: "los" | "nlos" | "blocked" = "los";
      let codeErr = 0;
      let phaseErr = 0;
      let multipath = false;
      if (blocked && !outage && nlosDraw.get(key) && !cfg.faultFree) {
        state = "nlos";
        codeErr = delta;
        // the receiver tracks the reflected carrier continuously: its random phase offset is drawn once per NLOS
        // episode (satellite × street piece), not every epoch (a fresh draw each epoch is a fractional slip per epoch)
        if (!nlosPhase.has(key)) nlosPhase.set(key, rFault.uniform(0, LAMBDA_L1));
        phaseErr = delta + nlosPhase.get(key)!;
      } else if (blocked) state = "blocked";
      else if (el < 30 * DEG && !atCorner && !cfg.faultFree) {
        if (!mpAlpha.has(key)) mpAlpha.set(key, rFault.uniform(0.2, 0.6));
        const a = mpAlpha.get(key)!;
        const ph = (2 * Math.PI * delta) / LAMBDA_L1;
        phaseErr = (LAMBDA_L1 / (2 * Math.PI)) * Math.atan((a * Math.sin(ph)) / (1 + a * Math.cos(ph))); // two-ray phase
        codeErr = (a * delta) / (1 + a); // two-ray code (short-delay simplification)
        multipath = true;
      }
      ep.sky.push({ sat, azDeg: az / DEG, elDeg: el / DEG, state });
      const prev = prevState.get(sat);
      prevState.set(sat, state + (multipath ? "+mp" : ""));
      if (state === "blocked") continue;
      if (!amb.has(sat)) amb.set(sat, rFault.int(-1e6, 1e6 + 1));
      if (!baseAmb.has(sat)) baseAmb.set(sat, rFault.int(-1e6, 1e6 + 1));
      const gap = lastSeen.has(sat) ? t - lastSeen.get(sat)! : 0;
      if (cfg.faultFree) {
        // no slips
      } else if (gap > 1) {
        const dn = (rFault.float() < 0.5 ? -1 : 1) * rFault.int(1, 21);
        amb.set(sat, amb.get(sat)! + dn);
        faults.push({ t, sat, type: "slip-reacquisition", size: dn });
      } else if (rFault.float() < cfg.slipRate * (el < 20 * DEG ? 5 : 1)) {
        const dn = (rFault.float() < 0.5 ? -1 : 1) * (rFault.float() < 0.6 ? rFault.int(1, 3) : rFault.int(3, 21));
        amb.set(sat, amb.get(sat)! + dn);
        faults.push({ t, sat, type: "slip-spontaneous", size: dn });
      }
      if (state === "nlos" && prev !== "nlos") faults.push({ t, sat, type: "nlos", size: codeErr, phaseError: phaseErr });
      if (multipath && prev !== "los+mp") faults.push({ t, sat, type: "multipath", size: codeErr, phaseError: phaseErr });
      lastSeen.set(sat, t);
      const sigP = 0.3 + 0.3 / Math.sin(el); // code σ, m
      const sigL = 0.003 + 0.003 / Math.sin(el); // phase σ, m
      const rho = distance(rx, p);
      const rhoB = distance(baseEcef, p);
      ep.rover.set(sat, {
        code: rho + clockR + codeErr + rNoise.normal(0, sigP),
        phase: rho + clockR + phaseErr + LAMBDA_L1 * amb.get(sat)! + rNoise.normal(0, sigL),
        codeError: codeErr,
        phaseError: phaseErr,
        ambiguity: amb.get(sat)!,
        state,
        multipath,
      });
      ep.base.set(sat, { code: rhoB + clockB + rNoise.normal(0, sigP), phase: rhoB + clockB + LAMBDA_L1 * baseAmb.get(sat)! + rNoise.normal(0, sigL) });
    }
    epochs.push(ep);
  }
  return { config: cfg, t0, base: baseEcef, epochs, faults, pieces, truth, imu, vision };
}

/** The rover observations of a drive as a RINEX observation file (C1/L1, phase in cycles), for writeObsRinex. */
export function driveToRinex(d: Drive, which: "rover" | "base" = "rover"): ObsFile {
  return {
    header: { version: 3.04, system: "G", markerName: which.toUpperCase(), approxPosition: d.base, antennaDelta: [0, 0, 0], obsTypes: { G: ["C1C", "L1C"] }, interval: 1, comments: ["paperlab I-EDM urban-canyon simulator"] },
    epochs: d.epochs.map((e) => ({
      time: e.t,
      flag: 0,
      sats: [...e[which].entries()].map(([sat, o]) => ({
        sat,
        obs: { C1C: { value: Math.round(o.code * 1000) / 1000, lli: 0, ssi: 0 }, L1C: { value: Math.round((o.phase / LAMBDA_L1) * 1000) / 1000, lli: 0, ssi: 0 } },
      })),
    })),
  };
}
