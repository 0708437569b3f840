/**
 * Provenance of a result: the seed, the backend, the versions of Node, tfjs and paperlab, and
 * the wall time. Attach `runInfo()` to every saved result table (see `saveResults`).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs";
import { currentSeed, SeedLike, seededAtMs } from "./seed";

/** Where and how a result was produced. */
export interface RunInfo {
  /** The last `seed(n)`, or null when none was set. */
  seed: SeedLike | null;
  /** Active tfjs backend ("wasm", "cpu", "tensorflow", ...). */
  backend: string;
  versions: { node: string; tfjs: string; paperlab: string };
  /** ISO time the run started (the last `seed()` unless given). */
  startedAt: string;
  /** ISO time this record was made. */
  recordedAt: string;
  /** Seconds from start to record. */
  wallSeconds: number;
  platform: string;
  arch: string;
  cpus: number;
}

let cachedVersion: string | undefined;

/** paperlab's version from its package.json (found upward from this file), "unknown" if not found. */
export function paperlabVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, "package.json");
    try {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "paperlab") return (cachedVersion = pkg.version ?? "unknown");
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return (cachedVersion = "unknown");
}

/** The provenance record now; `startedAt` (ms since epoch) defaults to the last `seed()` call. */
export function runInfo(o: { startedAt?: number } = {}): RunInfo {
  const start = o.startedAt ?? seededAtMs();
  const now = Date.now();
  return {
    seed: currentSeed() ?? null,
    backend: tf.getBackend() ?? "none",
    versions: { node: process.version, tfjs: tf.version.tfjs, paperlab: paperlabVersion() },
    startedAt: new Date(start).toISOString(),
    recordedAt: new Date(now).toISOString(),
    wallSeconds: (now - start) / 1000,
    platform: process.platform,
    arch: process.arch,
    cpus: os.cpus().length,
  };
}
