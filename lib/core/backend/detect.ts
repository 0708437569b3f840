/**
 * Probes for the optional tfjs-node packages without being fooled by npm aliases: in this project
 * `node_modules/@tensorflow/tfjs-node` may be plain `@tensorflow/tfjs` (an npm override for danfojs-node), so a package
 * counts only when its package.json names it.
 */
import * as fs from "fs";

/** Outcome of probing one package: loadable, or why not. */
export type Probe = { ok: true; version: string } | { ok: false; reason: string };

/** Whether `pkg` is installed under its own name (not an alias), without loading it. */
export function probeInstalled(pkg: string): Probe {
  let meta: { name?: string; version?: string };
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    meta = require(`${pkg}/package.json`);
  } catch {
    return { ok: false, reason: `${pkg} is not installed (optional dependency; its install step downloads libtensorflow)` };
  }
  if (meta.name !== pkg) {
    return { ok: false, reason: `node_modules/${pkg} is ${meta.name}@${meta.version} (an npm alias), not ${pkg}` };
  }
  return { ok: true, version: String(meta.version) };
}

/** Loads `pkg` (which registers the 'tensorflow' backend) or says why it failed. */
export function probeLoad(pkg: string): Probe {
  const installed = probeInstalled(pkg);
  if (!installed.ok) return installed;
  try {
    require(pkg);
    return installed;
  } catch (e) {
    return { ok: false, reason: `${pkg}@${installed.version} failed to load: ${String((e as Error).message).split("\n")[0]}` };
  }
}

/** Whether a CUDA device is visible to this process (driver present, not hidden by CUDA_VISIBLE_DEVICES). */
export function cudaVisible(): { ok: boolean; reason: string } {
  const cvd = process.env.CUDA_VISIBLE_DEVICES;
  if (cvd !== undefined && (cvd.trim() === "" || cvd.trim() === "-1")) {
    return { ok: false, reason: `CUDA_VISIBLE_DEVICES='${cvd}' hides every GPU` };
  }
  if (!fs.existsSync("/proc/driver/nvidia/version") && !fs.existsSync("/dev/nvidia0")) {
    return { ok: false, reason: "no NVIDIA driver visible (/proc/driver/nvidia/version, /dev/nvidia0 absent)" };
  }
  return { ok: true, reason: "NVIDIA driver visible" };
}
