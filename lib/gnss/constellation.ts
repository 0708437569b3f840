/**
 * Satellite geometry sources for simulators: real GPS geometry from TLEs (propagated with satellite.js SGP4) and a
 * Walker-delta fallback. Both give ECEF positions (m) at a GPS time.
 */
import type { Vec3 } from "./frames";
import { WGS84 } from "./frames";
import { gpsToUtcDate } from "./time";
import { GPS_TLE_2020_12_01, type GpsTleRecord } from "./data/gps-tle-2020-12-01";

// satellite.js v7 is an ES module; Node ≥ 20.19 loads it through require(). The type import needs the
// resolution-mode attribute because this package compiles to CommonJS.
type SatelliteJs = typeof import("satellite.js", { with: { "resolution-mode": "import" } });
let satjs: SatelliteJs | null = null;
function satelliteJs(): SatelliteJs {
  if (!satjs) {
    try {
      satjs = require("satellite.js") as SatelliteJs;
    } catch (e) {
      throw new Error(
        `constellation: could not load satellite.js (${(e as Error).message}); it needs Node >= 20.19 for require() of ` +
          `ES modules; use walkerConstellation() instead`,
      );
    }
  }
  return satjs;
}

/** A set of satellites whose ECEF positions can be asked for at any GPS time. */
export interface Constellation {
  /** Satellite ids, e.g. "G05". */
  readonly sats: readonly string[];
  /** Which generator made it ("tle" or "walker"). */
  readonly kind: "tle" | "walker";
  /** ECEF positions (m) at GPS time t (s since 1980-01-06). Satellites that fail to propagate are left out. */
  positions(t: number): Map<string, Vec3>;
}

/**
 * GPS constellation from TLEs (default: the shipped 2020-12-01 extract from Debian's rtklib), SGP4 via satellite.js.
 * SGP4 positions of GPS satellites are good to a few km: realistic geometry, not precise orbits.
 */
export function tleConstellation(records: readonly GpsTleRecord[] = GPS_TLE_2020_12_01): Constellation {
  const s = satelliteJs();
  const recs = records.map((r) => ({ sat: r.prn, rec: s.twoline2satrec(r.line1, r.line2) }));
  return {
    kind: "tle",
    sats: recs.map((r) => r.sat),
    positions(t: number): Map<string, Vec3> {
      const date = gpsToUtcDate(t);
      const gmst = s.gstime(date);
      const out = new Map<string, Vec3>();
      for (const { sat, rec } of recs) {
        const pv = s.propagate(rec, date);
        if (!pv || typeof pv.position !== "object") continue;
        const ecf = s.eciToEcf(pv.position, gmst); // km, TEME→ECEF by GMST rotation (polar motion ignored)
        out.set(sat, [ecf.x * 1000, ecf.y * 1000, ecf.z * 1000]);
      }
      return out;
    },
  };
}

/** Walker-delta constellation parameters (defaults: GPS-like 24/6/1). */
export interface WalkerParams {
  /** Total satellites T. */
  total: number;
  /** Orbital planes P. */
  planes: number;
  /** Phasing factor F (inter-plane phase offset = F·360°/T). */
  phasing: number;
  /** Inclination, rad. */
  inclination: number;
  /** Circular orbit radius, m. */
  radius: number;
  /** Right ascension of the first plane at t0, rad. */
  raan0: number;
  /** Reference GPS time t0, s. */
  t0: number;
}

/** GPS-like Walker 24/6/1: i = 55°, r = 26,560 km, planes 60° apart, 15° phase offset between planes. */
export const GPS_WALKER: WalkerParams = {
  total: 24,
  planes: 6,
  phasing: 1,
  inclination: (55 * Math.PI) / 180,
  radius: 26_560_000,
  raan0: 0,
  t0: 0,
};

/**
 * Walker-delta constellation on circular Keplerian orbits, rotated into ECEF with Ω_e. Ids are "G01".."Gnn".
 * Plane p has RAAN Ω_p = Ω₀ + p·2π/P; satellite k in plane p has argument of latitude
 * u = 2π k/(T/P) + p·F·2π/T + n (t − t₀), with n = √(μ/r³) (period ≈ 11 h 58 min for r = 26,560 km).
 */
export function walkerConstellation(params: Partial<WalkerParams> = {}): Constellation {
  const p: WalkerParams = { ...GPS_WALKER, ...params };
  if (p.total % p.planes !== 0) {
    throw new Error(`walkerConstellation: total (${p.total}) must be a multiple of planes (${p.planes})`);
  }
  const perPlane = p.total / p.planes;
  const n = Math.sqrt(3.986004418e14 / p.radius ** 3);
  const sats = Array.from({ length: p.total }, (_, i) => `G${String(i + 1).padStart(2, "0")}`);
  return {
    kind: "walker",
    sats,
    positions(t: number): Map<string, Vec3> {
      const out = new Map<string, Vec3>();
      const dt = t - p.t0;
      const theta = WGS84.omegaE * dt; // Earth rotation angle since t0
      for (let i = 0; i < p.total; i++) {
        const plane = Math.floor(i / perPlane);
        const k = i % perPlane;
        const raan = p.raan0 + (plane * 2 * Math.PI) / p.planes - theta;
        const u = (2 * Math.PI * k) / perPlane + (plane * p.phasing * 2 * Math.PI) / p.total + n * dt;
        const xo = p.radius * Math.cos(u);
        const yo = p.radius * Math.sin(u);
        const ci = Math.cos(p.inclination);
        const si = Math.sin(p.inclination);
        out.set(sats[i], [
          xo * Math.cos(raan) - yo * ci * Math.sin(raan),
          xo * Math.sin(raan) + yo * ci * Math.cos(raan),
          yo * si,
        ]);
      }
      return out;
    },
  };
}
