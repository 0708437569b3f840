/**
 * The `paperlab` command line: one table of subcommands, each in its own module exporting
 * `main(argv: string[]): Promise<number>` (the process exit code). Modules load lazily so
 * `paperlab kernel list` does not pay for TensorFlow.js.
 */
import * as path from "path";

interface Command {
  /** Module path relative to this file's folder (compiled), exporting `main`. */
  module: string;
  /** One line for `paperlab help`. */
  summary: string;
}

export const COMMANDS: Record<string, Command> = {
  kernel: { module: "./commands/kernel", summary: "install | list | remove | start the Jupyter kernel" },
  run: { module: "./commands/run", summary: "execute a notebook headless: run NOTEBOOK.ipynb [-o OUT] [-p NAME VALUE]..." },
  reproduce: { module: "./commands/reproduce", summary: "reproduce the papers' figures and claims: reproduce [PAPER...] [--scale S]" },
  datasets: { module: "../datasets/cli", summary: "list | info ID | verify [ID...] | prepare ID --from PATH" },
  bench: { module: "../lib/core/bench/cli", summary: "side-by-side benchmark against PyTorch [--json]" },
  lab: { module: "./commands/lab", summary: "install | uninstall the JupyterLab extension bundle" },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`);
  return `usage: paperlab <command> [options]\n\ncommands:\n${lines.join("\n")}\n`;
}

/** Entry point used by bin/paperlab.js. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V") {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    process.stdout.write(`${require(path.join(__dirname, "..", "..", "package.json")).version}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`paperlab: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  let mod: { main(argv: string[]): Promise<number> };
  try {
    mod = require(cmd.module);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "MODULE_NOT_FOUND" && String(e.message).includes(cmd.module.replace(/^\.\.?\//, ""))) {
      process.stderr.write(`paperlab: the '${name}' command is not built in this checkout (${cmd.module}).\n`);
      return 2;
    }
    throw err;
  }
  return mod.main(rest);
}
