/**
 * Urban-canyon GNSS observation simulator of the I-EDM card (§5.1), PARTIAL: a rover on a straight-street grid
 * (blocks 100–200 m, 90° turns, constant speed), buildings H ~ U(15, 60) m per street side, street width
 * W ~ U(15, 30) m, blockage, NLOS reflections, two-ray multipath, cycle slips (reacquisition + spontaneous) and
 * elevation-dependent noise, for rover and open-sky base, with every injected fault logged with its truth.
 * Not yet: IMU and vision measurements, speed profile with stops, grade (see README.md).
 */
import { azEl, enuFrame, enuToEcef, distance, LAMBDA_L1, DEG, type Vec3 } from "../../gnss/frames";
import { tleConstellation, walkerConstellation } from "../../gnss/constellation";
import { makeRng } from "../../gnss/random";
import { utcDateToGps } from "../../gnss/time";
import type { ObsFile } from "../../gnss/rinex-obs";
import { SITE } from "./experiment";

/** Simulator settings (defaults from the card). */
export interface DriveConfig {
  seed: number;
  /** Duration, s (1 Hz epochs). */
  duration: number;
  /** Rover speed, m/s. */
  speed: number;
  /** Building height range, m. */
  heightRange: [number, number];
  /** Street width range, m. */
  widthRange: [number, number];
  /** Spontaneous slip probability per satellite-epoch (×5 below 20° elevation). */
  slipRate: number;
  /** Probability that a blocked satellite arrives by reflection (NLOS). */
  nlosProbability: number;
  constellation: "tle" | "walker";
}

/** Card defaults. */
export const DRIVE_DEFAULTS: DriveConfig = {
  seed: 1, duration: 600, speed: 8, heightRange: [15, 60], widthRange: [15, 30], slipRate: 0.002, nlosProbability: 0.5, constellation: "tle",
};

/** An injected fault with its truth. */
export interface FaultEvent {
  t: number;
  sat: string;
  type: "slip-reacquisition" | "slip-spontaneous" | "nlos" | "multipath";
  /** Cycles for slips, metres (code error) for NLOS/multipath. */
  size: number;
}

/** Per-epoch truth and observations (undifferenced, metres; phase in metres = λ·cycles). */
export interface DriveEpoch {
  t: number;
  /** Rover ENU position in the base frame, m. */
  truthEnu: Vec3;
  heading: number;
  sky: { sat: string; azDeg: number; elDeg: number; state: "los" | "nlos" | "blocked" }[];
  rover: Map<string, { code: number; phase: number; codeError: number; phaseError: number; ambiguity: number }>;
  base: Map<string, { code: number; phase: number }>;
}

/** A simulated drive: epochs, fault log, base position. */
export interface Drive {
  config: DriveConfig;
  base: Vec3;
  epochs: DriveEpoch[];
  faults: FaultEvent[];
}

/** Simulates one drive (deterministic for a seed). */
export function simulateDrive(overrides: Partial<DriveConfig> = {}): Drive {
  const cfg = { ...DRIVE_DEFAULTS, ...overrides };
  const rng = makeRng(cfg.seed);
  const rGeo = rng.fork("geometry");
  const rNoise = rng.fork("noise");
  const rFault = rng.fork("faults");
  const cons = cfg.constellation === "tle" ? tleConstellation() : walkerConstellation();
  const frame = enuFrame(SITE);
  const t0 = utcDateToGps(new Date(Date.UTC(2020, 11, 1))) + Math.floor(rGeo.range(0, 86400));
  // street grid: segments of 100–200 m with 90° turns, each with its own building heights and width
  const segs: { start: Vec3; heading: number; length: number; hL: number; hR: number; w: number }[] = [];
  let pos: Vec3 = [rGeo.range(1000, 2000), rGeo.range(500, 1500), 0];
  let heading = rGeo.int(0, 3) * 90 * DEG;
  let total = 0;
  while (total < cfg.duration * cfg.speed + 200) {
    const length = rGeo.range(100, 200);
    segs.push({ start: pos, heading, length, hL: rGeo.range(...cfg.heightRange), hR: rGeo.range(...cfg.heightRange), w: rGeo.range(...cfg.widthRange) });
    pos = [pos[0] + length * Math.sin(heading), pos[1] + length * Math.cos(heading), 0];
    heading += (rGeo.uniform() < 0.5 ? -1 : 1) * 90 * DEG;
    total += length;
  }
  const amb = new Map<string, number>(); // rover ambiguities (cycles)
  const baseAmb = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  const mpAlpha = new Map<string, number>();
  const nlosDraw = new Map<string, boolean>();
  const prevState = new Map<string, string>();
  const faults: FaultEvent[] = [];
  const epochs: DriveEpoch[] = [];
  const baseEcef = SITE;
  for (let k = 0; k < cfg.duration; k++) {
    const t = t0 + k;
    let s = k * cfg.speed;
    let seg = 0;
    while (s > segs[seg].length) s -= segs[seg++].length;
    const g = segs[seg];
    const enu: Vec3 = [g.start[0] + s * Math.sin(g.heading), g.start[1] + s * Math.cos(g.heading), 0];
    const atCorner = s < g.w / 2 || g.length - s < g.w / 2; // intersections are open sky
    const rx = enuToEcef(frame, enu);
    const ep: DriveEpoch = { t, truthEnu: enu, heading: g.heading, sky: [], rover: new Map(), base: new Map() };
    for (const [sat, p] of cons.positions(t)) {
      const { az, el } = azEl(rx, p, frame);
      if (el < 10 * DEG) continue;
      const sinRel = Math.sin(az - g.heading);
      const right = sinRel > 0;
      const dPerp = g.w / 2 / Math.max(Math.abs(sinRel), 1e-3); // horizontal distance to the facade on the sat's side
      const H = right ? g.hR : g.hL;
      const blocked = !atCorner && el < Math.atan(H / dPerp);
      const key = `${sat}@${seg}`;
      if (!nlosDraw.has(key)) nlosDraw.set(key, rFault.uniform() < cfg.nlosProbability);
      const delta = 2 * (g.w / 2) * Math.cos(el) * Math.abs(sinRel); // extra path of the far-facade reflection
      let state: "los" | "nlos" | "blocked" = "los";
      let codeErr = 0;
      let phaseErr = 0;
      if (blocked && nlosDraw.get(key)) {
        state = "nlos";
        codeErr = delta;
        phaseErr = delta + rFault.range(0, LAMBDA_L1);
      } else if (blocked) state = "blocked";
      else if (el < 30 * DEG && !atCorner) {
        if (!mpAlpha.has(key)) mpAlpha.set(key, rFault.range(0.2, 0.6));
        const a = mpAlpha.get(key)!;
        const ph = (2 * Math.PI * delta) / LAMBDA_L1;
        phaseErr = (LAMBDA_L1 / (2 * Math.PI)) * Math.atan((a * Math.sin(ph)) / (1 + a * Math.cos(ph))); // two-ray phase
        codeErr = (a * delta) / (1 + a); // two-ray code (short-delay simplification)
      }
      ep.sky.push({ sat, azDeg: az / DEG, elDeg: el / DEG, state });
      const wasNlos = prevState.get(sat) === "nlos";
      prevState.set(sat, state);
      if (state === "blocked") continue;
      if (!amb.has(sat)) amb.set(sat, rFault.int(-1e6, 1e6));
      if (!baseAmb.has(sat)) baseAmb.set(sat, rFault.int(-1e6, 1e6));
      const gap = lastSeen.has(sat) ? t - lastSeen.get(sat)! : 0;
      if (gap > 1) {
        const dn = (rFault.uniform() < 0.5 ? -1 : 1) * rFault.int(1, 20);
        amb.set(sat, amb.get(sat)! + dn);
        faults.push({ t, sat, type: "slip-reacquisition", size: dn });
      } else if (rFault.uniform() < cfg.slipRate * (el < 20 * DEG ? 5 : 1)) {
        const dn = (rFault.uniform() < 0.5 ? -1 : 1) * (rFault.uniform() < 0.6 ? rFault.int(1, 2) : rFault.int(3, 20));
        amb.set(sat, amb.get(sat)! + dn);
        faults.push({ t, sat, type: "slip-spontaneous", size: dn });
      }
      if (state === "nlos" && !wasNlos) faults.push({ t, sat, type: "nlos", size: codeErr });
      lastSeen.set(sat, t);
      const sigP = 0.3 + 0.3 / Math.sin(el); // code σ, m
      const sigL = 0.003 + 0.003 / Math.sin(el); // phase σ, m
      const rho = distance(rx, p);
      const rhoB = distance(baseEcef, p);
      ep.rover.set(sat, {
        code: rho + codeErr + rNoise.normal(0, sigP),
        phase: rho + phaseErr + LAMBDA_L1 * amb.get(sat)! + rNoise.normal(0, sigL),
        codeError: codeErr,
        phaseError: phaseErr,
        ambiguity: amb.get(sat)!,
      });
      ep.base.set(sat, { code: rhoB + rNoise.normal(0, sigP), phase: rhoB + LAMBDA_L1 * baseAmb.get(sat)! + rNoise.normal(0, sigL) });
    }
    epochs.push(ep);
  }
  return { config: cfg, base: baseEcef, epochs, faults };
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
