/**
 * Satellite position and clock from a GPS broadcast ephemeris, per IS-GPS-200 (Table 20-IV, user algorithm for
 * ephemeris determination; 20.3.3.3.3 for the clock), plus the Earth-rotation (Sagnac) correction during the signal's
 * travel time.
 */
import { WGS84, C_LIGHT, type Vec3 } from "./frames";
import type { GpsEphemeris } from "./rinex-nav";

/** Wraps a time difference into ±half a week (IS-GPS-200: "t_k shall be the actual total time difference"). */
function wrapWeek(dt: number): number {
  if (dt > 302400) return dt - 604800;
  if (dt < -302400) return dt + 604800;
  return dt;
}

/** Satellite state in ECEF at transmission time t (GPS s), in the ECEF frame of that same instant. */
export interface SatState {
  /** ECEF position, m. */
  pos: Vec3;
  /** Satellite clock offset δt^s, s (includes the relativistic eccentricity term, excludes T_GD). */
  clock: number;
  /** Relativistic eccentricity term Δt_r = F e √A sin E_k, s (already inside `clock`). */
  relativistic: number;
  /** Eccentric anomaly E_k, rad (for diagnostics). */
  E: number;
}

/**
 * Broadcast-ephemeris satellite position at GPS time `t` (s since 1980), IS-GPS-200 Table 20-IV.
 * Coordinates are ECEF at time `t`; no signal-travel correction (see positionAtReception).
 */
export function ephemerisPosition(eph: GpsEphemeris, t: number): SatState {
  const mu = WGS84.GM;
  const A = eph.sqrtA * eph.sqrtA; // semi-major axis
  const n0 = Math.sqrt(mu / (A * A * A)); // computed mean motion
  const tk = wrapWeek(t - (eph.week * 604800 + eph.toe)); // time from ephemeris reference epoch
  const n = n0 + eph.deltaN; // corrected mean motion
  const M = eph.m0 + n * tk; // mean anomaly
  let E = M;
  for (let i = 0; i < 30; i++) {
    const dE = (M - E + eph.e * Math.sin(E)) / (1 - eph.e * Math.cos(E)); // Kepler's equation, Newton step
    E += dE;
    if (Math.abs(dE) < 1e-14) break;
  }
  const sinE = Math.sin(E);
  const cosE = Math.cos(E);
  const nu = Math.atan2(Math.sqrt(1 - eph.e * eph.e) * sinE, cosE - eph.e); // true anomaly
  const phi = nu + eph.omega; // argument of latitude
  const s2 = Math.sin(2 * phi);
  const c2 = Math.cos(2 * phi);
  const du = eph.cus * s2 + eph.cuc * c2; // second harmonic perturbations
  const dr = eph.crs * s2 + eph.crc * c2;
  const di = eph.cis * s2 + eph.cic * c2;
  const u = phi + du; // corrected argument of latitude
  const r = A * (1 - eph.e * cosE) + dr; // corrected radius
  const inc = eph.i0 + di + eph.idot * tk; // corrected inclination
  const xp = r * Math.cos(u); // position in orbital plane
  const yp = r * Math.sin(u);
  const Om = eph.omega0 + (eph.omegaDot - WGS84.omegaE) * tk - WGS84.omegaE * eph.toe; // corrected longitude of node
  const cO = Math.cos(Om);
  const sO = Math.sin(Om);
  const ci = Math.cos(inc);
  const si = Math.sin(inc);
  const pos: Vec3 = [xp * cO - yp * ci * sO, xp * sO + yp * ci * cO, yp * si];
  // clock: δt = a_f0 + a_f1 (t − t_oc) + a_f2 (t − t_oc)² + Δt_r, Δt_r = F e √A sin E_k
  const F = -4.442807633e-10;
  const dtc = wrapWeek(t - eph.toc);
  const relativistic = F * eph.e * eph.sqrtA * sinE;
  const clock = eph.af0 + eph.af1 * dtc + eph.af2 * dtc * dtc + relativistic;
  return { pos, clock, relativistic, E };
}

/**
 * Satellite position for a signal received at `tRx` (GPS s) by a receiver at `rx` (ECEF): iterates the travel time
 * τ = |r_sat(tRx − τ) − rx| / c, then rotates the satellite position by Ω_e τ about z into the ECEF frame at
 * reception (Sagnac correction, IS-GPS-200 20.3.3.4.3.3.2).
 */
export function positionAtReception(eph: GpsEphemeris, tRx: number, rx: Vec3): SatState & { travelTime: number } {
  let tau = 0.075;
  let s = ephemerisPosition(eph, tRx - tau);
  let rot: Vec3 = s.pos;
  for (let i = 0; i < 5; i++) {
    s = ephemerisPosition(eph, tRx - tau - s.clock);
    const th = WGS84.omegaE * tau;
    rot = [Math.cos(th) * s.pos[0] + Math.sin(th) * s.pos[1], -Math.sin(th) * s.pos[0] + Math.cos(th) * s.pos[1], s.pos[2]];
    const next = Math.hypot(rot[0] - rx[0], rot[1] - rx[1], rot[2] - rx[2]) / C_LIGHT;
    if (Math.abs(next - tau) < 1e-12) {
      tau = next;
      break;
    }
    tau = next;
  }
  return { pos: rot, clock: s.clock, relativistic: s.relativistic, E: s.E, travelTime: tau };
}
