/**
 * `paperlab lab install [--user | --prefix DIR | --sys-prefix] [--name NAME]` and `lab uninstall`:
 * puts the prebuilt JupyterLab extension (extensions/jupyterlab/labextension, committed, so no build
 * is needed) where JupyterLab looks for prebuilt extensions, `<data dir>/labextensions/<package>`,
 * and the kernelspec in `<data dir>/kernels/<name>`, for the same location.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_KERNEL_NAME, InstallLocation, PACKAGE_ROOT, installKernelSpec, kernelsDir } from "../kernelspec";
import { parseInstallFlag } from "./kernel";

/** The committed prebuilt extension. */
export const LABEXTENSION_SRC = path.join(PACKAGE_ROOT, "extensions", "jupyterlab", "labextension");

const USAGE = `usage: paperlab lab <command>

  install   [--user | --prefix DIR | --sys-prefix] [--name NAME]   install the JupyterLab extension and the kernelspec (default: --user)
  uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]   remove both from that location

--prefix DIR writes under DIR/share/jupyter (JupyterLab finds it when DIR is its Python prefix or DIR/share/jupyter
is on JUPYTER_PATH). After installing, restart JupyterLab; \`jupyter labextension list\` shows the extension.
`;

interface Flags {
  loc: InstallLocation;
  name: string;
}

function parseFlags(args: string[]): Flags {
  const f: Flags = { loc: { kind: "user" }, name: DEFAULT_KERNEL_NAME };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
      return v;
    };
    if (!parseInstallFlag(a, value, f)) throw new Error(`unknown option '${a}'`);
  }
  return f;
}

/** The prebuilt extension's package.json: name, version and the `_build` entry JupyterLab loads. */
export interface LabExtensionMeta {
  name: string;
  version: string;
  jupyterlab: { _build?: { load: string } };
}

/** Reads and checks the prebuilt extension; the error says how to rebuild it. */
export function readLabExtension(src = LABEXTENSION_SRC): LabExtensionMeta {
  const file = path.join(src, "package.json");
  if (!fs.existsSync(file)) {
    throw new Error(`the prebuilt extension is missing (${path.relative(PACKAGE_ROOT, file)}); rebuild it with \`npm ci --prefix extensions/jupyterlab && npm run build --prefix extensions/jupyterlab\``);
  }
  const meta = JSON.parse(fs.readFileSync(file, "utf8")) as LabExtensionMeta;
  const load = meta.jupyterlab?._build?.load;
  if (!load || !fs.existsSync(path.join(src, load))) {
    throw new Error(`the prebuilt extension in ${path.relative(PACKAGE_ROOT, src)} is incomplete (no jupyterlab._build.load file); rebuild it with \`npm run build --prefix extensions/jupyterlab\``);
  }
  return meta;
}

/** `<data dir>/labextensions` for a location (the sibling of its kernels folder). */
export function labextensionsDir(loc: InstallLocation, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.dirname(kernelsDir(loc, env)), "labextensions");
}

/** Copies the prebuilt extension into `<labextensionsDir>/<name>` (replacing an older copy); returns that folder. */
export function installLabExtension(dir: string, src = LABEXTENSION_SRC): string {
  const meta = readLabExtension(src);
  const target = path.join(dir, ...meta.name.split("/"));
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(src, target, { recursive: true });
  // What pip-installed extensions write too: `jupyter labextension list` and the extension manager show it.
  const install = { packageManager: "npm", packageName: "paperlab", uninstallInstructions: "Run `npx paperlab lab uninstall` (with the same --user/--prefix/--sys-prefix as the install)" };
  fs.writeFileSync(path.join(target, "install.json"), JSON.stringify(install, null, 2) + "\n");
  return target;
}

/** Entry point of `paperlab lab ...`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "install" && sub !== "uninstall") {
    if (sub && sub !== "help" && sub !== "--help" && sub !== "-h") process.stderr.write(`paperlab lab: unknown command '${sub}'.\n\n`);
    process.stderr.write(USAGE);
    return sub === "help" || sub === "--help" || sub === "-h" ? 0 : 2;
  }
  let flags: Flags;
  try {
    flags = parseFlags(rest);
  } catch (err) {
    process.stderr.write(`paperlab lab ${sub}: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const extDir = labextensionsDir(flags.loc);
    const kernels = kernelsDir(flags.loc);
    if (sub === "install") {
      const ext = installLabExtension(extDir);
      const kernel = installKernelSpec(kernels, flags.name);
      process.stdout.write(`Installed the JupyterLab extension in ${ext}\nInstalled kernelspec ${flags.name} in ${kernel}\nRestart JupyterLab to load them.\n`);
      return 0;
    }
    const name = readLabExtension().name;
    const targets = [path.join(extDir, ...name.split("/")), path.join(kernels, flags.name)].filter((t) => fs.existsSync(t));
    if (targets.length === 0) {
      process.stderr.write(`paperlab lab uninstall: nothing to remove: neither ${path.join(extDir, name)} nor ${path.join(kernels, flags.name)} exists (installed elsewhere? pass the same --user/--prefix/--sys-prefix as the install).\n`);
      return 1;
    }
    for (const t of targets) {
      fs.rmSync(t, { recursive: true, force: true });
      process.stdout.write(`Removed ${t}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`paperlab lab ${sub}: ${(err as Error).message}\n`);
    return 1;
  }
}
