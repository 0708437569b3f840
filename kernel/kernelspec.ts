/**
 * Kernelspec discovery and installation, following jupyter_core's path rules without Python:
 * the user data dir is `$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter`
 * (Linux), `~/Library/Jupyter` (macOS), `%APPDATA%\jupyter` (Windows); kernelspecs live in
 * `<data dir>/kernels/<name>/kernel.json`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

/** The kernelspec's default name (`jupyter kernelspec list` shows it). */
export const DEFAULT_KERNEL_NAME = "paperlab";
/** What frontends show in their launcher. */
export const DISPLAY_NAME = "TypeScript (paperlab)";
/** Environment variable that makes the kernel run JavaScript cells (value `javascript`) instead of TypeScript. */
export const LANGUAGE_ENV = "PAPERLAB_KERNEL_LANGUAGE";

/** The checkout (package root): two levels above dist/kernel. */
export const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** The contents of kernel.json. */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "message" | "signal";
  env?: Record<string, string>;
  metadata?: Record<string, unknown>;
}

/** The per-user Jupyter data directory, as jupyter_core's `jupyter_data_dir()` computes it. */
export function jupyterDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = env.HOME || os.homedir();
  if (process.platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (process.platform === "win32") {
    const appdata = env.APPDATA;
    return appdata ? path.join(appdata, "jupyter") : path.join(home, ".jupyter", "data");
  }
  const xdg = env.XDG_DATA_HOME || path.join(home, ".local", "share");
  return path.join(xdg, "jupyter");
}

/** The data directories searched for kernelspecs, highest priority first (jupyter_core's `jupyter_path()`). */
export function jupyterPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env.JUPYTER_PATH) dirs.push(...env.JUPYTER_PATH.split(path.delimiter).filter(Boolean));
  dirs.push(jupyterDataDir(env));
  for (const prefix of [env.VIRTUAL_ENV, env.CONDA_PREFIX]) if (prefix) dirs.push(path.join(prefix, "share", "jupyter"));
  if (process.platform === "win32") {
    if (env.PROGRAMDATA) dirs.push(path.join(env.PROGRAMDATA, "jupyter"));
  } else {
    dirs.push("/usr/local/share/jupyter", "/usr/share/jupyter");
  }
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

/** The kernelspec this checkout installs. `bin/paperlab.js kernel start -f {connection_file}`. */
export function kernelSpec(): KernelSpec {
  return {
    argv: [process.execPath, path.join(PACKAGE_ROOT, "bin", "paperlab.js"), "kernel", "start", "-f", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "message",
    metadata: { paperlab: { root: PACKAGE_ROOT } },
  };
}

/** Where `install` writes, from the CLI's location flags. */
export type InstallLocation = { kind: "user" } | { kind: "prefix"; dir: string } | { kind: "sys-prefix" };

/** The `<data dir>/kernels` folder for a location. `sys-prefix` asks $VIRTUAL_ENV, $CONDA_PREFIX, then /usr/bin/python3. */
export function kernelsDir(loc: InstallLocation, env: NodeJS.ProcessEnv = process.env): string {
  switch (loc.kind) {
    case "user":
      return path.join(jupyterDataDir(env), "kernels");
    case "prefix":
      return path.join(path.resolve(loc.dir), "share", "jupyter", "kernels");
    case "sys-prefix": {
      let prefix = env.VIRTUAL_ENV || env.CONDA_PREFIX;
      if (!prefix) {
        for (const py of ["python3", "/usr/bin/python3"]) {
          const r = spawnSync(py, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
          if (r.status === 0 && r.stdout.trim()) {
            prefix = r.stdout.trim();
            break;
          }
        }
      }
      if (!prefix) throw new Error("--sys-prefix: no Python found to ask for sys.prefix; use --user or --prefix DIR instead");
      return path.join(prefix, "share", "jupyter", "kernels");
    }
  }
}

/** Writes kernel.json and the logos into `<kernelsDir>/<name>`; returns that folder. */
export function installKernelSpec(dir: string, name = DEFAULT_KERNEL_NAME): string {
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new Error(`kernel name '${name}' is invalid: use letters, digits, '.', '_' and '-' only (Jupyter's rule)`);
  }
  const target = path.join(dir, name);
  fs.mkdirSync(target, { recursive: true });
  const spec = kernelSpec();
  fs.writeFileSync(path.join(target, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
  const assets = path.join(PACKAGE_ROOT, "kernel", "assets");
  for (const logo of ["logo-32x32.png", "logo-64x64.png", "logo.svg"]) {
    const src = path.join(assets, logo);
    if (fs.existsSync(src)) fs.copyFileSync(src, path.join(target, logo.replace("logo.svg", "logo-svg.svg")));
  }
  return target;
}

/** One kernelspec found on disk. */
export interface FoundSpec {
  name: string;
  dir: string;
  spec: KernelSpec | null;
}

/** All kernelspecs in the search path; a name found twice keeps the higher-priority one (as Jupyter does). */
export function listKernelSpecs(env: NodeJS.ProcessEnv = process.env): FoundSpec[] {
  const seen = new Map<string, FoundSpec>();
  for (const data of jupyterPath(env)) {
    const kdir = path.join(data, "kernels");
    let entries: string[];
    try {
      entries = fs.readdirSync(kdir);
    } catch {
      continue;
    }
    for (const name of entries.sort()) {
      const file = path.join(kdir, name, "kernel.json");
      if (seen.has(name.toLowerCase()) || !fs.existsSync(file)) continue;
      let spec: KernelSpec | null = null;
      try {
        spec = JSON.parse(fs.readFileSync(file, "utf8")) as KernelSpec;
      } catch {
        spec = null;
      }
      seen.set(name.toLowerCase(), { name, dir: path.join(kdir, name), spec });
    }
  }
  return [...seen.values()];
}

/** True when a kernelspec launches paperlab (its argv runs bin/paperlab.js). */
export function isPaperlabSpec(spec: KernelSpec | null): boolean {
  return Boolean(spec && Array.isArray(spec.argv) && spec.argv.some((a) => /paperlab(\.js)?$/.test(a)));
}
