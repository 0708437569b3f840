/**
 * `paperlab kernel install [--user|--prefix DIR|--sys-prefix] [--name NAME]`, `list`, `remove [--name NAME]`,
 * `start -f CONNECTION_FILE` (what the kernelspec's argv runs).
 */
import * as fs from "fs";
import * as path from "path";
import {
  DEFAULT_KERNEL_NAME,
  InstallLocation,
  installKernelSpec,
  isPaperlabSpec,
  kernelsDir,
  listKernelSpecs,
} from "../kernelspec";

const USAGE = `usage: paperlab kernel <command>

  install [--user | --prefix DIR | --sys-prefix] [--name NAME]   register the kernelspec (default: --user)
  list                                                           list the kernelspecs Jupyter can find
  remove [--name NAME] [--user | --prefix DIR | --sys-prefix]    unregister it
  start -f CONNECTION_FILE                                       run the kernel (Jupyter does this)
`;

interface Flags {
  loc: InstallLocation | null;
  name: string;
  connectionFile: string | null;
}

/**
 * Applies one install-location flag (`--user`, `--sys-prefix`, `--prefix DIR`, `--name NAME`, also `=`
 * forms) to `f`; false when `a` is none of them. Shared by `paperlab kernel` and `paperlab lab`.
 */
export function parseInstallFlag(a: string, value: () => string, f: { loc: InstallLocation | null; name: string }): boolean {
  if (a === "--user") f.loc = { kind: "user" };
  else if (a === "--sys-prefix") f.loc = { kind: "sys-prefix" };
  else if (a === "--prefix") f.loc = { kind: "prefix", dir: value() };
  else if (a.startsWith("--prefix=")) f.loc = { kind: "prefix", dir: a.slice(9) };
  else if (a === "--name") f.name = value();
  else if (a.startsWith("--name=")) f.name = a.slice(7);
  else return false;
  return true;
}

function parseFlags(args: string[]): Flags {
  const f: Flags = { loc: null, name: DEFAULT_KERNEL_NAME, connectionFile: null };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (parseInstallFlag(a, value, f)) continue;
    else if (a === "-f" || a === "--connection-file") f.connectionFile = value();
    else if (a.startsWith("--connection-file=")) f.connectionFile = a.slice(18);
    else throw new Error(`unknown option '${a}'`);
  }
  return f;
}

/** Entry point of `paperlab kernel ...`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let flags: Flags;
  try {
    flags = parseFlags(rest);
  } catch (err) {
    process.stderr.write(`paperlab kernel ${sub ?? ""}: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  switch (sub) {
    case "install": {
      const dir = installKernelSpec(kernelsDir(flags.loc ?? { kind: "user" }), flags.name);
      process.stdout.write(`Installed kernelspec ${flags.name} in ${dir}\n`);
      return 0;
    }
    case "list": {
      const specs = listKernelSpecs();
      if (specs.length === 0) {
        process.stdout.write("No kernelspecs found. Run `paperlab kernel install --user`.\n");
        return 0;
      }
      const width = Math.max(...specs.map((s) => s.name.length));
      process.stdout.write("Available kernels:\n");
      for (const s of specs) {
        const mark = isPaperlabSpec(s.spec) ? "  (paperlab)" : "";
        process.stdout.write(`  ${s.name.padEnd(width)}    ${s.dir}${mark}\n`);
      }
      return 0;
    }
    case "remove": {
      const candidates = flags.loc
        ? [{ name: flags.name, dir: path.join(kernelsDir(flags.loc), flags.name) }]
        : listKernelSpecs().filter((s) => s.name === flags.name);
      const existing = candidates.filter((c) => fs.existsSync(c.dir));
      if (existing.length === 0) {
        process.stderr.write(`paperlab kernel remove: no kernelspec named '${flags.name}' found (see \`paperlab kernel list\`).\n`);
        return 1;
      }
      for (const c of existing) {
        fs.rmSync(c.dir, { recursive: true, force: true });
        process.stdout.write(`Removed ${c.dir}\n`);
      }
      return 0;
    }
    case "start": {
      if (!flags.connectionFile) {
        process.stderr.write(`paperlab kernel start: -f CONNECTION_FILE is required.\n\n${USAGE}`);
        return 2;
      }
      // Loaded lazily so install/list stay instant.
      const { startKernel } = require("../server") as typeof import("../server");
      return startKernel(flags.connectionFile);
    }
    default:
      process.stderr.write(sub ? `paperlab kernel: unknown command '${sub}'.\n\n${USAGE}` : USAGE);
      return 2;
  }
}
