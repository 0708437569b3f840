/**
 * Earth frames and constants: WGS-84 ellipsoid, geodetic ↔ ECEF, local East-North-Up, azimuth/elevation.
 */

/** GPS / WGS-84 constants (IS-GPS-200 values where the ICD fixes them). */
export const WGS84 = {
  /** Semi-major axis, m. */
  a: 6378137.0,
  /** Flattening. */
  f: 1 / 298.257223563,
  /** Earth gravitational constant μ, m³/s² (IS-GPS-200). */
  GM: 3.986005e14,
  /** Earth rotation rate Ω̇_e, rad/s (IS-GPS-200). */
  omegaE: 7.2921151467e-5,
} as const;

/** Speed of light, m/s. */
export const C_LIGHT = 299792458.0;
/** GPS L1 carrier frequency, Hz. */
export const FREQ_L1 = 1575.42e6;
/** GPS L2 carrier frequency, Hz. */
export const FREQ_L2 = 1227.6e6;
/** GPS L1 wavelength λ₁ = c / f₁ ≈ 0.1903 m. */
export const LAMBDA_L1 = C_LIGHT / FREQ_L1;

/** A 3-vector [x, y, z] (ECEF metres, or E/N/U metres). */
export type Vec3 = [number, number, number];

/** Geodetic coordinates: latitude and longitude in radians, ellipsoidal height in metres. */
export interface Geodetic {
  lat: number;
  lon: number;
  h: number;
}

/** Geodetic (rad, rad, m) → ECEF (m). */
export function geodeticToEcef(g: Geodetic): Vec3 {
  const e2 = WGS84.f * (2 - WGS84.f);
  const s = Math.sin(g.lat);
  const n = WGS84.a / Math.sqrt(1 - e2 * s * s);
  return [
    (n + g.h) * Math.cos(g.lat) * Math.cos(g.lon),
    (n + g.h) * Math.cos(g.lat) * Math.sin(g.lon),
    (n * (1 - e2) + g.h) * s,
  ];
}

/** ECEF (m) → geodetic (rad, rad, m), by fixed-point iteration on latitude (converges to < 1e-12 rad in ~6 steps). */
export function ecefToGeodetic(p: Vec3): Geodetic {
  const e2 = WGS84.f * (2 - WGS84.f);
  const r2 = p[0] * p[0] + p[1] * p[1];
  const r = Math.sqrt(r2);
  let z = p[2];
  let zk = 0;
  let v = WGS84.a;
  for (let i = 0; i < 20 && Math.abs(z - zk) >= 1e-4; i++) {
    zk = z;
    const s = z / Math.sqrt(r2 + z * z);
    v = WGS84.a / Math.sqrt(1 - e2 * s * s);
    z = p[2] + v * e2 * s;
  }
  const lat = r2 > 1e-12 ? Math.atan(z / r) : p[2] > 0 ? Math.PI / 2 : -Math.PI / 2;
  const lon = r2 > 1e-12 ? Math.atan2(p[1], p[0]) : 0;
  return { lat, lon, h: Math.sqrt(r2 + z * z) - v };
}

/** Rotation ECEF → ENU at (lat, lon): rows are the E, N, U unit vectors in ECEF. [3,3] */
export function enuRotation(lat: number, lon: number): [Vec3, Vec3, Vec3] {
  const sl = Math.sin(lat);
  const cl = Math.cos(lat);
  const so = Math.sin(lon);
  const co = Math.cos(lon);
  return [
    [-so, co, 0],
    [-sl * co, -sl * so, cl],
    [cl * co, cl * so, sl],
  ];
}

/** A local East-North-Up frame anchored at an origin. */
export interface EnuFrame {
  origin: Vec3;
  originGeodetic: Geodetic;
  rot: [Vec3, Vec3, Vec3];
}

/** Builds an ENU frame at an ECEF origin. */
export function enuFrame(origin: Vec3): EnuFrame {
  const g = ecefToGeodetic(origin);
  return { origin, originGeodetic: g, rot: enuRotation(g.lat, g.lon) };
}

/** ECEF point → ENU coordinates in `frame` (m). */
export function ecefToEnu(frame: EnuFrame, p: Vec3): Vec3 {
  const d: Vec3 = [p[0] - frame.origin[0], p[1] - frame.origin[1], p[2] - frame.origin[2]];
  return rotate(frame.rot, d);
}

/** ENU coordinates in `frame` → ECEF point (m). */
export function enuToEcef(frame: EnuFrame, e: Vec3): Vec3 {
  const R = frame.rot;
  return [
    frame.origin[0] + R[0][0] * e[0] + R[1][0] * e[1] + R[2][0] * e[2],
    frame.origin[1] + R[0][1] * e[0] + R[1][1] * e[1] + R[2][1] * e[2],
    frame.origin[2] + R[0][2] * e[0] + R[1][2] * e[1] + R[2][2] * e[2],
  ];
}

function rotate(R: [Vec3, Vec3, Vec3], d: Vec3): Vec3 {
  return [
    R[0][0] * d[0] + R[0][1] * d[1] + R[0][2] * d[2],
    R[1][0] * d[0] + R[1][1] * d[1] + R[1][2] * d[2],
    R[2][0] * d[0] + R[2][1] * d[1] + R[2][2] * d[2],
  ];
}

/** Azimuth (rad, clockwise from north, in [0, 2π)) and elevation (rad) of `sat` seen from `rx` (both ECEF). */
export function azEl(rx: Vec3, sat: Vec3, frame?: EnuFrame): { az: number; el: number } {
  const f = frame ?? enuFrame(rx);
  const d: Vec3 = [sat[0] - rx[0], sat[1] - rx[1], sat[2] - rx[2]];
  const e = rotate(f.rot, d);
  const hz = Math.hypot(e[0], e[1]);
  let az = Math.atan2(e[0], e[1]);
  if (az < 0) az += 2 * Math.PI;
  return { az, el: Math.atan2(e[2], hz) };
}

/** Euclidean distance between two points. */
export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Degrees → radians. */
export const DEG = Math.PI / 180;
