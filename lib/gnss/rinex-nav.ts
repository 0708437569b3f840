/**
 * RINEX GPS navigation files (2.10/2.11 `N` and 3.0x `N` with GPS records): reader and writer of broadcast
 * ephemerides. Numbers use Fortran D exponents (D19.12). Non-GPS records in 3.x files are skipped.
 */
import { RinexError, requireField, parseField } from "./rinex-error";
import { calendarToGps, gpsToCalendar } from "./time";

/** GPS broadcast ephemeris (IS-GPS-200 subframes 1–3), SI units and radians; times as GPS seconds since 1980. */
export interface GpsEphemeris {
  sat: string;
  /** Clock reference time t_oc (GPS s since 1980). */
  toc: number;
  af0: number;
  af1: number;
  af2: number;
  iode: number;
  crs: number;
  deltaN: number;
  m0: number;
  cuc: number;
  e: number;
  cus: number;
  sqrtA: number;
  /** Ephemeris reference time t_oe as seconds of GPS week. */
  toe: number;
  cic: number;
  omega0: number;
  cis: number;
  i0: number;
  crc: number;
  omega: number;
  omegaDot: number;
  idot: number;
  codesL2: number;
  /** GPS week of t_oe (continuous). */
  week: number;
  l2pFlag: number;
  svAccuracy: number;
  health: number;
  tgd: number;
  iodc: number;
  transmitTime: number;
  fitInterval: number;
}

/** Ordered field names of the seven broadcast-orbit lines (4 per line), after t_oc/af0/af1/af2. */
const ORBIT_FIELDS: (keyof GpsEphemeris | null)[] = [
  "iode", "crs", "deltaN", "m0",
  "cuc", "e", "cus", "sqrtA",
  "toe", "cic", "omega0", "cis",
  "i0", "crc", "omega", "omegaDot",
  "idot", "codesL2", "week", "l2pFlag",
  "svAccuracy", "health", "tgd", "iodc",
  "transmitTime", "fitInterval", null, null,
];

/** A navigation file: version and the GPS ephemerides in file order. */
export interface NavFile {
  version: number;
  ephemerides: GpsEphemeris[];
}

/** Parses a RINEX 2.1x or 3.0x navigation file (GPS records). Throws RinexError with file:line on malformed input. */
export function readNavRinex(text: string, file = "<string>"): NavFile {
  const lines = text.split(/\r?\n/);
  const first = lines[0] ?? "";
  if (first.slice(60, 80).trim() !== "RINEX VERSION / TYPE") {
    throw new RinexError(file, 1, `expected "RINEX VERSION / TYPE" in columns 61-80, got "${first.slice(60, 80).trim()}"`);
  }
  const version = requireField(file, 1, first, 0, 9, "RINEX version");
  if (first[20] !== "N") throw new RinexError(file, 1, `expected a navigation file (type "N" in column 21), got "${first[20]}"`);
  let i = 1;
  while (i < lines.length && lines[i].slice(60, 80).trim() !== "END OF HEADER") i++;
  if (i >= lines.length) throw new RinexError(file, lines.length, 'no "END OF HEADER" line');
  i++;
  const v3 = version >= 3;
  const ephemerides: GpsEphemeris[] = [];
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const ln = i + 1;
    const sys = v3 ? line[0] : "G";
    if (v3 && sys !== "G") {
      // other systems have 3 (GLONASS/SBAS) or 7 (Galileo/BeiDou/QZSS) orbit lines
      i += sys === "R" || sys === "S" ? 4 : 8;
      continue;
    }
    const f = (s: number, w: number, what: string) => requireField(file, ln, line, s, w, what);
    const sat = v3 ? `G${String(f(1, 2, "PRN")).padStart(2, "0")}` : `G${String(f(0, 2, "PRN")).padStart(2, "0")}`;
    const toc = v3
      ? calendarToGps({ year: f(4, 4, "year"), month: f(9, 2, "month"), day: f(12, 2, "day"), hour: f(15, 2, "hour"), minute: f(18, 2, "minute"), second: f(21, 2, "second") })
      : calendarToGps({ year: f(2, 3, "year"), month: f(5, 3, "month"), day: f(8, 3, "day"), hour: f(11, 3, "hour"), minute: f(14, 3, "minute"), second: f(17, 5, "second") });
    const c0 = v3 ? 23 : 22;
    const eph: Partial<GpsEphemeris> = {
      sat,
      toc,
      af0: f(c0, 19, "af0"),
      af1: f(c0 + 19, 19, "af1"),
      af2: f(c0 + 38, 19, "af2"),
    };
    const off = v3 ? 4 : 3;
    for (let L = 0; L < 7; L++) {
      const src = lines[i + 1 + L];
      if (src === undefined) throw new RinexError(file, i + 2 + L, `${sat}: broadcast orbit line ${L + 1} of 7 missing (file ended)`);
      for (let k = 0; k < 4; k++) {
        const key = ORBIT_FIELDS[4 * L + k];
        if (!key) continue;
        const v = parseField(file, i + 2 + L, src, off + 19 * k, 19, `${sat} ${key}`);
        const optional = key === "fitInterval" || key === "transmitTime";
        if (v === null && !optional) throw new RinexError(file, i + 2 + L, `${sat} ${key}: field is blank`);
        (eph as Record<string, unknown>)[key] = v ?? 0;
      }
    }
    ephemerides.push(eph as GpsEphemeris);
    i += 8;
  }
  return { version, ephemerides };
}

function d19(v: number): string {
  // Fortran D19.12: " 0.123456789012D+03" style
  if (v === 0) return " 0.000000000000D+00";
  const exp = Math.floor(Math.log10(Math.abs(v))) + 1;
  let mant = v / Math.pow(10, exp);
  let e = exp;
  if (Math.abs(Number(mant.toFixed(12))) >= 1) {
    mant /= 10;
    e += 1;
  }
  const m = mant.toFixed(12).replace(/^(-?)0\./, "$10.");
  const es = `${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return `${m}D${es}`.padStart(19);
}

/** Writes GPS ephemerides as RINEX 2.11 or 3.04 navigation text (round-trips through readNavRinex to 12 digits). */
export function writeNavRinex(nav: NavFile, version: 2.11 | 3.04): string {
  const out: string[] = [];
  const kind = version < 3 ? "N: GPS NAV DATA" : "N: GNSS NAV DATA    G: GPS";
  out.push(`${version.toFixed(2).padStart(9)}           ${kind}`.padEnd(60) + "RINEX VERSION / TYPE");
  out.push("paperlab            paperlab".padEnd(60) + "PGM / RUN BY / DATE");
  out.push("".padEnd(60) + "END OF HEADER");
  for (const e of nav.ephemerides) {
    const c = gpsToCalendar(e.toc);
    const prn = Number(e.sat.slice(1));
    const clock = d19(e.af0) + d19(e.af1) + d19(e.af2);
    if (version < 3) {
      const t = [c.year % 100, c.month, c.day, c.hour, c.minute].map((x) => String(x).padStart(3)).join("");
      out.push(`${String(prn).padStart(2)}${t}${c.second.toFixed(1).padStart(5)}${clock}`);
    } else {
      const t = [c.month, c.day, c.hour, c.minute, Math.round(c.second)].map((x) => " " + String(x).padStart(2, "0")).join("");
      out.push(`G${String(prn).padStart(2, "0")} ${c.year}${t}${clock}`);
    }
    const pad = version < 3 ? "   " : "    ";
    for (let L = 0; L < 7; L++) {
      const vals = ORBIT_FIELDS.slice(4 * L, 4 * L + 4).filter((k): k is keyof GpsEphemeris => k !== null);
      out.push(pad + vals.map((k) => d19(e[k] as number)).join(""));
    }
  }
  return out.join("\n") + "\n";
}

/** Picks the ephemeris of `sat` whose t_oe is closest to `t` (GPS s); null when the file has none for `sat`. */
export function selectEphemeris(nav: NavFile, sat: string, t: number): GpsEphemeris | null {
  let best: GpsEphemeris | null = null;
  let bestDt = Infinity;
  for (const e of nav.ephemerides) {
    if (e.sat !== sat) continue;
    const dt = Math.abs(e.week * 604800 + e.toe - t);
    if (dt < bestDt) {
      best = e;
      bestDt = dt;
    }
  }
  return best;
}
