/**
 * RINEX observation files, versions 2.10/2.11 and 3.0x: reader and writer.
 *
 * RINEX 2: header labels in columns 61–80; `# / TYPES OF OBSERV` lists 2-character types shared by all systems;
 * epoch lines `yy mm dd hh mm ss.sssssss flag nsat PRNs` (12 PRNs per line, continuation lines indented 32 columns);
 * values F14.3 + LLI + SSI digits, five per line.
 * RINEX 3: `SYS / # / OBS TYPES` lists 3-character types per system; epoch lines `> yyyy mm dd hh mm ss.sssssss flag
 * nsat`; one line per satellite (`G05` then the values in header order).
 * Hatanaka-compressed files (`.crx`, `.??d`) are rejected with a message; decompress them with `crx2rnx` first.
 */
import { RinexError, parseField, requireField } from "./rinex-error";
import { calendarToGps, gpsToCalendar } from "./time";
import type { Vec3 } from "./frames";

/** One observed value: the number plus the loss-of-lock indicator (bit 0 = lost lock) and signal strength (0 = unknown). */
export interface ObsValue {
  value: number;
  lli: number;
  ssi: number;
}

/** One satellite in one epoch: its id ("G05") and values keyed by observation type ("C1"/"L1" or "C1C"/"L1C"). */
export interface SatObs {
  sat: string;
  obs: Record<string, ObsValue>;
}

/** One epoch: GPS time (s since 1980-01-06), epoch flag (0 = OK) and the satellites. */
export interface ObsEpoch {
  time: number;
  flag: number;
  sats: SatObs[];
}

/** The header fields the readers keep. `obsTypes` maps a system letter to its types; RINEX 2 uses the same list for all. */
export interface ObsHeader {
  version: number;
  /** File system letter: G (GPS), R, E, C, J, S or M (mixed). */
  system: string;
  markerName: string;
  approxPosition: Vec3 | null;
  /** Antenna height, east and north eccentricities, m. */
  antennaDelta: Vec3;
  obsTypes: Record<string, string[]>;
  /** Nominal interval, s (0 when absent). */
  interval: number;
  comments: string[];
}

/** A whole observation file. */
export interface ObsFile {
  header: ObsHeader;
  epochs: ObsEpoch[];
}

function label(line: string): string {
  return line.slice(60, 80).trim();
}

/** Normalises a RINEX 2 satellite id ("G 3", " 3", "G03") to "G03". */
function satId(raw: string, file: string, lineNo: number): string {
  const sys = raw[0] === " " || raw[0] === undefined ? "G" : raw[0];
  const n = Number(raw.slice(1).trim());
  if (!Number.isInteger(n) || n <= 0) throw new RinexError(file, lineNo, `satellite id: expected like "G05", got "${raw}"`);
  return `${sys}${String(n).padStart(2, "0")}`;
}

/**
 * Parses RINEX 2.1x or 3.0x observation text. `file` names the source in error messages.
 * Throws RinexError (file:line) on a malformed header, epoch line or value.
 */
export function readObsRinex(text: string, file = "<string>"): ObsFile {
  const lines = text.split(/\r?\n/);
  if (lines.length === 0 || label(lines[0]) !== "RINEX VERSION / TYPE") {
    if (/CRINEX/.test(lines[0] ?? "")) {
      throw new RinexError(file, 1, "Hatanaka-compressed RINEX is not supported; decompress with crx2rnx first");
    }
    throw new RinexError(file, 1, `expected "RINEX VERSION / TYPE" in columns 61-80, got "${label(lines[0] ?? "")}"`);
  }
  const version = requireField(file, 1, lines[0], 0, 9, "RINEX version");
  const fileType = lines[0][20];
  if (fileType !== "O") throw new RinexError(file, 1, `expected an observation file (type "O" in column 21), got "${fileType}"`);
  const header: ObsHeader = {
    version,
    system: lines[0][40] === " " || lines[0][40] === undefined ? "G" : lines[0][40],
    markerName: "",
    approxPosition: null,
    antennaDelta: [0, 0, 0],
    obsTypes: {},
    interval: 0,
    comments: [],
  };
  let i = 1;
  let pendingSys = "";
  let pendingCount = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const lab = label(line);
    const ln = i + 1;
    if (lab === "END OF HEADER") {
      i++;
      break;
    }
    if (lab === "COMMENT") header.comments.push(line.slice(0, 60).trimEnd());
    else if (lab === "MARKER NAME") header.markerName = line.slice(0, 60).trim();
    else if (lab === "APPROX POSITION XYZ") {
      header.approxPosition = [0, 1, 2].map((k) => requireField(file, ln, line, 14 * k, 14, "APPROX POSITION XYZ")) as Vec3;
    } else if (lab === "ANTENNA: DELTA H/E/N") {
      header.antennaDelta = [0, 1, 2].map((k) => requireField(file, ln, line, 14 * k, 14, "ANTENNA: DELTA H/E/N")) as Vec3;
    } else if (lab === "INTERVAL") header.interval = requireField(file, ln, line, 0, 10, "INTERVAL");
    else if (lab === "# / TYPES OF OBSERV") {
      if (pendingCount === 0) {
        pendingCount = requireField(file, ln, line, 0, 6, "# / TYPES OF OBSERV count");
        header.obsTypes["*"] = [];
      }
      const list = header.obsTypes["*"];
      for (let k = 0; k < 9 && list.length < pendingCount; k++) {
        const t = line.slice(6 + 6 * k, 12 + 6 * k).trim();
        if (t === "") throw new RinexError(file, ln, `# / TYPES OF OBSERV: expected ${pendingCount} types, found ${list.length}`);
        list.push(t);
      }
      if (list.length >= pendingCount) pendingCount = 0;
    } else if (lab === "SYS / # / OBS TYPES") {
      if (line[0] !== " ") {
        pendingSys = line[0];
        pendingCount = requireField(file, ln, line, 3, 3, "SYS / # / OBS TYPES count");
        header.obsTypes[pendingSys] = [];
      } else if (pendingCount === 0) {
        throw new RinexError(file, ln, "SYS / # / OBS TYPES continuation line without a system letter before it");
      }
      const list = header.obsTypes[pendingSys];
      for (let k = 0; k < 13 && list.length < pendingCount; k++) {
        const t = line.slice(7 + 4 * k, 10 + 4 * k).trim();
        if (t === "") throw new RinexError(file, ln, `SYS / # / OBS TYPES: expected ${pendingCount} types, found ${list.length}`);
        list.push(t);
      }
      if (list.length >= pendingCount) pendingCount = 0;
    }
  }
  if (Object.keys(header.obsTypes).length === 0) {
    throw new RinexError(file, i, "header has no observation types (# / TYPES OF OBSERV or SYS / # / OBS TYPES)");
  }
  const epochs = version >= 3 ? readBody3(lines, i, header, file) : readBody2(lines, i, header, file);
  return { header, epochs };
}

function readValues(line: string, n: number, file: string, ln: number, offset: number): (ObsValue | null)[] {
  const out: (ObsValue | null)[] = [];
  for (let k = 0; k < n; k++) {
    const s = offset + 16 * k;
    const value = parseField(file, ln, line, s, 14, "observation value");
    if (value === null) {
      out.push(null);
      continue;
    }
    const lli = line[s + 14] && line[s + 14] !== " " ? Number(line[s + 14]) : 0;
    const ssi = line[s + 15] && line[s + 15] !== " " ? Number(line[s + 15]) : 0;
    if (!Number.isInteger(lli) || !Number.isInteger(ssi)) {
      throw new RinexError(file, ln, `LLI/SSI flags after column ${s + 14} must be digits, got "${line.slice(s + 14, s + 16)}"`);
    }
    out.push({ value, lli, ssi });
  }
  return out;
}

function readBody2(lines: string[], start: number, header: ObsHeader, file: string): ObsEpoch[] {
  const types = header.obsTypes["*"];
  const perSatLines = Math.ceil(types.length / 5);
  const epochs: ObsEpoch[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const ln = i + 1;
    const f = (s: number, w: number, what: string) => requireField(file, ln, line, s, w, what);
    const flag = f(26, 3, "epoch flag");
    const nsat = f(29, 3, "number of satellites");
    if (flag > 1) {
      i += 1 + nsat; // event records: skip the special lines that follow
      continue;
    }
    const time = calendarToGps({
      year: f(0, 3, "epoch year"),
      month: f(3, 3, "epoch month"),
      day: f(6, 3, "epoch day"),
      hour: f(9, 3, "epoch hour"),
      minute: f(12, 3, "epoch minute"),
      second: f(15, 11, "epoch second"),
    });
    const ids: string[] = [];
    let el = i;
    for (let k = 0; k < nsat; k++) {
      if (k > 0 && k % 12 === 0) el++;
      const src = lines[el];
      if (src === undefined) throw new RinexError(file, el + 1, `epoch lists ${nsat} satellites but the file ends`);
      ids.push(satId(src.slice(32 + 3 * (k % 12), 35 + 3 * (k % 12)), file, el + 1));
    }
    i = el + 1;
    const sats: SatObs[] = [];
    for (const id of ids) {
      const obs: Record<string, ObsValue> = {};
      for (let L = 0; L < perSatLines; L++) {
        const src = lines[i];
        if (src === undefined) throw new RinexError(file, i + 1, `satellite ${id}: expected ${perSatLines} data lines, file ended`);
        const n = Math.min(5, types.length - 5 * L);
        readValues(src, n, file, i + 1, 0).forEach((v, k) => {
          if (v) obs[types[5 * L + k]] = v;
        });
        i++;
      }
      sats.push({ sat: id, obs });
    }
    epochs.push({ time, flag, sats });
  }
  return epochs;
}

function readBody3(lines: string[], start: number, header: ObsHeader, file: string): ObsEpoch[] {
  const epochs: ObsEpoch[] = [];
  let i = start;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const ln = i + 1;
    if (line[0] !== ">") throw new RinexError(file, ln, `expected an epoch line starting with ">", got "${line.slice(0, 20)}"`);
    const f = (s: number, w: number, what: string) => requireField(file, ln, line, s, w, what);
    const flag = f(29, 3, "epoch flag");
    const nsat = f(32, 3, "number of satellites");
    if (flag > 1) {
      i += 1 + nsat;
      continue;
    }
    const time = calendarToGps({
      year: f(2, 4, "epoch year"),
      month: f(6, 3, "epoch month"),
      day: f(9, 3, "epoch day"),
      hour: f(12, 3, "epoch hour"),
      minute: f(15, 3, "epoch minute"),
      second: f(18, 11, "epoch second"),
    });
    const sats: SatObs[] = [];
    for (let k = 0; k < nsat; k++) {
      i++;
      const src = lines[i];
      if (src === undefined) throw new RinexError(file, i + 1, `epoch lists ${nsat} satellites but the file ends`);
      const id = satId(src.slice(0, 3), file, i + 1);
      const types = header.obsTypes[id[0]];
      if (!types) throw new RinexError(file, i + 1, `satellite ${id}: system "${id[0]}" has no SYS / # / OBS TYPES in the header`);
      const obs: Record<string, ObsValue> = {};
      readValues(src, types.length, file, i + 1, 3).forEach((v, j) => {
        if (v) obs[types[j]] = v;
      });
      sats.push({ sat: id, obs });
    }
    i++;
    epochs.push({ time, flag, sats });
  }
  return epochs;
}

function hdr(content: string, lab: string): string {
  return content.padEnd(60).slice(0, 60) + lab.padEnd(20);
}

function fmtNum(v: number, w: number, d: number): string {
  return v.toFixed(d).padStart(w);
}

function fmtValue(v: ObsValue | undefined): string {
  if (!v) return " ".repeat(16);
  if (Math.abs(v.value) >= 1e10) throw new Error(`writeObsRinex: value ${v.value} does not fit F14.3`);
  return fmtNum(v.value, 14, 3) + (v.lli ? String(v.lli) : " ") + (v.ssi ? String(v.ssi) : " ");
}

/** RINEX 2 type for a RINEX 3 type (C1C → C1, L1C → L1, …), used when writing version 2 from version 3 data. */
function toV2Type(t: string): string {
  return t.length === 3 ? (t === "C1P" || t === "C2P" || t === "C2W" ? `P${t[1]}` : t.slice(0, 2)) : t;
}

/**
 * Writes an observation file as RINEX 2.11 (`version` 2.11) or 3.04 (`version` 3.04).
 * Types are taken from `header.obsTypes` ("*" for all systems, or per system); missing values are left blank.
 */
export function writeObsRinex(f: ObsFile, version: 2.11 | 3.04): string {
  const h = f.header;
  const out: string[] = [];
  const sysName = h.system === "M" ? "M (MIXED)" : `${h.system}`;
  out.push(hdr(`${fmtNum(version, 9, 2)}           OBSERVATION DATA    ${sysName}`, "RINEX VERSION / TYPE"));
  out.push(hdr("paperlab            paperlab", "PGM / RUN BY / DATE"));
  for (const c of h.comments) out.push(hdr(c, "COMMENT"));
  out.push(hdr(h.markerName, "MARKER NAME"));
  if (h.approxPosition) out.push(hdr(h.approxPosition.map((v) => fmtNum(v, 14, 4)).join(""), "APPROX POSITION XYZ"));
  out.push(hdr(h.antennaDelta.map((v) => fmtNum(v, 14, 4)).join(""), "ANTENNA: DELTA H/E/N"));
  const systems = [...new Set(f.epochs.flatMap((e) => e.sats.map((s) => s.sat[0])))].sort();
  const typesFor = (sys: string): string[] => h.obsTypes[sys] ?? h.obsTypes["*"] ?? [];
  let v2types: string[] = [];
  if (version < 3) {
    const all = h.obsTypes["*"] ?? [...new Set(systems.flatMap((s) => typesFor(s)))];
    v2types = [...new Set(all.map(toV2Type))];
    for (let k = 0; k < v2types.length || k === 0; k += 9) {
      const head = k === 0 ? String(v2types.length).padStart(6) : " ".repeat(6);
      out.push(hdr(head + v2types.slice(k, k + 9).map((t) => t.padStart(6)).join(""), "# / TYPES OF OBSERV"));
    }
  } else {
    for (const sys of systems.length ? systems : Object.keys(h.obsTypes).filter((s) => s !== "*")) {
      const ts = typesFor(sys).map((t) => (t.length === 2 ? `${t}C` : t));
      for (let k = 0; k < ts.length || k === 0; k += 13) {
        const head = k === 0 ? `${sys}  ${String(ts.length).padStart(3)}` : " ".repeat(6);
        out.push(hdr(head + ts.slice(k, k + 13).map((t) => ` ${t}`).join(""), "SYS / # / OBS TYPES"));
      }
    }
  }
  if (h.interval > 0) out.push(hdr(fmtNum(h.interval, 10, 3), "INTERVAL"));
  out.push(hdr("", "END OF HEADER"));
  const lookup = (s: SatObs, t: string, v2: boolean): ObsValue | undefined => {
    if (s.obs[t]) return s.obs[t];
    if (v2) return Object.entries(s.obs).find(([k]) => toV2Type(k) === t)?.[1];
    if (t.length === 3) return s.obs[t.slice(0, 2)];
    return undefined;
  };
  for (const e of f.epochs) {
    const c = gpsToCalendar(e.time);
    const sec = c.second.toFixed(7).padStart(11);
    if (version < 3) {
      const yy = String(c.year % 100).padStart(3);
      const head = `${yy}${[c.month, c.day, c.hour, c.minute].map((x) => String(x).padStart(3)).join("")}${sec}`;
      const ids = e.sats.map((s) => s.sat);
      for (let k = 0; k < ids.length || k === 0; k += 12) {
        const lead = k === 0 ? `${head}${String(e.flag).padStart(3)}${String(ids.length).padStart(3)}` : " ".repeat(32);
        out.push(lead + ids.slice(k, k + 12).join(""));
      }
      for (const s of e.sats) {
        for (let k = 0; k < v2types.length; k += 5) {
          out.push(v2types.slice(k, k + 5).map((t) => fmtValue(lookup(s, t, true))).join("").trimEnd());
        }
      }
    } else {
      const head = `> ${c.year}${[c.month, c.day, c.hour, c.minute].map((x) => " " + String(x).padStart(2, "0")).join("")}${sec}`;
      out.push(`${head}  ${e.flag}${String(e.sats.length).padStart(3)}`);
      for (const s of e.sats) {
        const ts = typesFor(s.sat[0]).map((t) => (t.length === 2 ? `${t}C` : t));
        out.push((s.sat + ts.map((t) => fmtValue(lookup(s, t, false))).join("")).trimEnd());
      }
    }
  }
  return out.join("\n") + "\n";
}
