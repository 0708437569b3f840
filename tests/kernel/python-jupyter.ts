/**
 * Helpers for tests that drive the kernel from Debian's Python Jupyter packages
 * (/usr/bin/python3 explicitly: the first python3 on PATH may lack them).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./kernel-client";

export const PYTHON = "/usr/bin/python3";

/** null when `module` imports in /usr/bin/python3, else why the test must skip (naming the Debian package). */
export function missingPython(module: string, debianPackage: string): string | null {
  if (!fs.existsSync(PYTHON)) return `needs ${PYTHON} with the Debian package ${debianPackage}`;
  const r = spawnSync(PYTHON, ["-c", `import ${module}`], { encoding: "utf8" });
  return r.status === 0 ? null : `needs the Debian package ${debianPackage} (python3 cannot import ${module})`;
}

/** Installs the kernelspec into a temporary prefix; returns the env a Jupyter client needs to find it. */
export function installTempKernelSpec(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-spec-"));
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "kernel", "install", "--prefix", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`kernel install failed: ${r.stderr}`);
  const env = { ...process.env, JUPYTER_PATH: path.join(dir, "share", "jupyter"), JUPYTER_DATA_DIR: path.join(dir, "data"), JUPYTER_RUNTIME_DIR: path.join(dir, "runtime") };
  return { dir, env };
}
