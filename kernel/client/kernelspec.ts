/**
 * Kernelspec lookup for the embedded transport: `paperlab` is built in (this checkout's own
 * kernel, `node bin/paperlab.js kernel start -f {connection_file}`, whatever is installed); any
 * other name is looked up in the Jupyter data path like jupyter_client does ($JUPYTER_PATH, the
 * user data dir, the environment's and the system's share/jupyter), through kernel/kernelspec.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_KERNEL_NAME, DISPLAY_NAME, jupyterPath, kernelSpec as installedPaperlabSpec, LANGUAGE_ENV } from "../kernelspec";
import { runMessages } from "./messages";
import { KernelStartError } from "./types";

/** A kernel.json plus the folder it came from. */
export interface KernelSpec {
  name: string;
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode?: "signal" | "message";
  env?: Record<string, string>;
  /** Folder of kernel.json (the `{resource_dir}` placeholder); empty for the built-in spec. */
  resource_dir: string;
}

/** Name of the built-in kernel. */
export const PAPERLAB_KERNEL = DEFAULT_KERNEL_NAME;

/** The package root (holds bin/paperlab.js), found from this compiled file's location. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, "package.json")) && fs.existsSync(path.join(dir, "bin", "paperlab.js"))) return dir;
    dir = path.dirname(dir);
  }
  throw new KernelStartError("cannot find the paperlab package root (bin/paperlab.js) above " + __dirname);
}

/** The built-in spec of this checkout's paperlab kernel (the one `paperlab kernel install` writes). */
export function paperlabKernelSpec(): KernelSpec {
  const s = installedPaperlabSpec();
  return { name: PAPERLAB_KERNEL, argv: s.argv, display_name: DISPLAY_NAME, language: s.language, interrupt_mode: s.interrupt_mode, env: s.env, resource_dir: "" };
}

/** The folders searched for `<name>/kernel.json`, in order. */
export function kernelSearchDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  return jupyterPath(env).map((d) => path.join(d, "kernels"));
}

/** Names of every kernelspec found (for error messages). */
export function listKernelSpecs(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = new Set<string>([PAPERLAB_KERNEL]);
  for (const d of kernelSearchDirs(env)) {
    try {
      for (const e of fs.readdirSync(d)) if (fs.existsSync(path.join(d, e, "kernel.json"))) names.add(e);
    } catch {
      /* missing folder */
    }
  }
  return [...names].sort();
}

/** Finds a kernelspec by name; throws `KernelStartError` listing the known names. */
export function findKernelSpec(name: string, env: NodeJS.ProcessEnv = process.env): KernelSpec {
  if (name === PAPERLAB_KERNEL) return paperlabKernelSpec();
  for (const d of kernelSearchDirs(env)) {
    const file = path.join(d, name, "kernel.json");
    if (!fs.existsSync(file)) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      throw new KernelStartError(`kernelspec ${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(raw.argv) || raw.argv.length === 0) throw new KernelStartError(`kernelspec ${file} has no argv`);
    return {
      name,
      argv: raw.argv.map(String),
      display_name: String(raw.display_name ?? name),
      language: String(raw.language ?? ""),
      interrupt_mode: raw.interrupt_mode === "message" ? "message" : "signal",
      env: (raw.env as Record<string, string>) ?? undefined,
      resource_dir: path.dirname(file),
    };
  }
  throw new KernelStartError(`no kernel named '${name}': known kernels are ${listKernelSpecs(env).join(", ")} (install one with \`jupyter kernelspec install\`, or pick one with --kernel)`);
}

/** The languages the paperlab kernel runs, by the names notebooks give them (kernelspec / language_info). */
const STAND_IN_LANGUAGES: Record<string, "typescript" | "javascript"> = {
  typescript: "typescript",
  ts: "typescript",
  javascript: "javascript",
  js: "javascript",
};

/** The paperlab kernel running JavaScript cells (type-checked as JS, like jslab). */
export function paperlabJavaScriptSpec(): KernelSpec {
  const s = paperlabKernelSpec();
  return { ...s, display_name: "JavaScript (paperlab)", language: "javascript", env: { ...(s.env ?? {}), [LANGUAGE_ENV]: "javascript" } };
}

/** A notebook's kernel, and the kernel that runs it here when that one is not installed. */
export interface StandIn {
  spec: KernelSpec;
  /** One line for the progress output: which kernel was missing and what runs instead. */
  note: string;
}

/**
 * The paperlab kernel standing in for a notebook kernel `missing` that is not installed, when the
 * notebook's language (`language`: its kernelspec's, else its language_info's) is one paperlab runs:
 * TypeScript (tslab, Deno) or JavaScript (jslab). Null for any other language.
 */
export function standInKernel(missing: string, language: string | undefined): StandIn | null {
  const lang = STAND_IN_LANGUAGES[(language ?? "").trim().toLowerCase()];
  if (!lang) return null;
  const spec = lang === "javascript" ? paperlabJavaScriptSpec() : paperlabKernelSpec();
  return { spec, note: runMessages.standInKernel(missing, lang) };
}
