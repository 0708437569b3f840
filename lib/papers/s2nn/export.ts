/**
 * Hardware export of a trained S2NN-style network (card §7): each mask as an 8-bit grey PNG (phase φ ∈ [0, 2π) → level
 * ⌊256·φ/2π⌋ mod 256, what an 8-bit SLM takes; a binary amplitude mask → 0/255 for a DMD), binary input frames as
 * 0/255 PNGs (DMD frames), and the detector regions as CSV in sensor pixels (class, x, y, size; x = column, y = row).
 * Everything is written under one folder, with a manifest of the optics that produced it.
 */
import * as fs from "fs";
import * as path from "path";
import { encodePng } from "../../../datasets/formats/png";
import type { Region } from "./detector";
import { maskValues, type Bench, type Expert } from "./model";

/** Grey N×N image → RGBA PNG bytes (levels 0–255). */
function greyPng(levels: Uint8Array, N: number): Buffer {
  const data = new Uint8Array(N * N * 4);
  for (let i = 0; i < N * N; i++) { data.set([levels[i], levels[i], levels[i]], 4 * i); data[4 * i + 3] = 255; }
  return encodePng({ width: N, height: N, data });
}

/** 8-bit SLM levels of a phase map: ⌊256·φ/2π + ½⌋ mod 256. */
export function phaseLevels(phi: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(Array.from(phi, (p) => Math.floor((256 * p) / (2 * Math.PI) + 0.5) % 256));
}

/** The detector regions as CSV rows "class,x,y,size" (sensor pixels, top-left corner). */
export function regionsCsv(regions: readonly Region[]): string {
  return ["class,x,y,size", ...regions.map((r, c) => `${c},${r.x},${r.y},${r.size}`)].join("\n") + "\n";
}

/** What `exportHardware` wrote. */
export interface ExportManifest {
  masks: string[];
  frames: string[];
  detector: string;
  modulation: string;
  optics: Bench["cfg"]["optics"];
  layers: number;
}

/**
 * Writes `expert`'s masks (mask<l>.png), `frames` binary inputs ([n·N²] in {0, 1}) as frame<i>.png, detector.csv and
 * manifest.json into `dir` (created).
 */
export function exportHardware(bench: Bench, expert: Expert, dir: string, frames?: { data: ArrayLike<number>; n: number }): ExportManifest {
  const N = bench.cfg.optics.N, mod = bench.cfg.modulation;
  fs.mkdirSync(dir, { recursive: true });
  const masks = expert.masks.map((w, l) => {
    const v = maskValues(w, mod);
    const levels = mod === "binary-amplitude" ? Uint8Array.from(v, (a) => (a >= 0.5 ? 255 : 0)) : phaseLevels(v);
    const f = `mask${l}.png`;
    fs.writeFileSync(path.join(dir, f), greyPng(levels, N));
    return f;
  });
  const out: string[] = [];
  const data = frames?.data ?? [];
  for (let i = 0; i < (frames?.n ?? 0); i++) {
    const levels = new Uint8Array(N * N);
    for (let k = 0; k < N * N; k++) levels[k] = data[i * N * N + k] >= 0.5 ? 255 : 0;
    const f = `frame${i}.png`;
    fs.writeFileSync(path.join(dir, f), greyPng(levels, N));
    out.push(f);
  }
  fs.writeFileSync(path.join(dir, "detector.csv"), regionsCsv(bench.regions));
  const manifest: ExportManifest = { masks, frames: out, detector: "detector.csv", modulation: mod, optics: bench.cfg.optics, layers: bench.cfg.layers };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 1));
  return manifest;
}
