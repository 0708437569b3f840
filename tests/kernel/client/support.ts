/**
 * Test support for the runner: fixture paths, a private kernelspec for Debian's ipykernel, a
 * child-process CLI runner, nbformat validation through Debian's python3-nbformat, and a
 * throwaway Jupyter Server (python3-jupyter-server) on loopback with a token.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { paperlabKernelSpec } from "../../../kernel/client/kernelspec";

/** Debian's Python with the Jupyter packages (never the first python3 on PATH). */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/** The checkout root (holds package.json), found from the compiled test's folder. */
export const ROOT = (() => {
  let d = __dirname;
  while (!fs.existsSync(path.join(d, "package.json"))) d = path.dirname(d);
  return d;
})();
export const FIXTURES = path.join(ROOT, "tests", "fixtures");
export const BIN = path.join(ROOT, "bin", "paperlab.js");

const probes = new Map<string, boolean>();
/** True when Debian's python imports `module` (cached). */
export function pythonHas(module: string): boolean {
  if (!probes.has(module)) {
    const r = spawnSync(SYSTEM_PYTHON, ["-c", `import ${module}`], { stdio: "ignore" });
    probes.set(module, r.status === 0);
  }
  return probes.get(module)!;
}

/** A skip message naming the Debian package, or false when `module` is importable. */
export function skipUnless(module: string, debianPackage: string): string | false {
  return pythonHas(module) ? false : `needs the Debian package ${debianPackage} (${SYSTEM_PYTHON} cannot import ${module})`;
}

/** A temporary folder removed at process exit. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on("exit", () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/**
 * A JUPYTER_PATH holding a `python3` kernelspec that runs Debian's ipykernel (and a `paperlab`
 * one for this checkout), so the tests do not depend on the user's kernels. Returns the
 * environment to run with.
 */
export function pythonKernelEnv(): NodeJS.ProcessEnv {
  const dir = tempDir("paperlab-jp-");
  fs.mkdirSync(path.join(dir, "kernels", "python3"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "kernels", "python3", "kernel.json"),
    JSON.stringify({ argv: [SYSTEM_PYTHON, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"], display_name: "Python 3", language: "python" }),
  );
  // This checkout's paperlab kernel too, for a Jupyter Server started with this JUPYTER_PATH.
  const pl = paperlabKernelSpec();
  fs.mkdirSync(path.join(dir, "kernels", "paperlab"), { recursive: true });
  fs.writeFileSync(path.join(dir, "kernels", "paperlab", "kernel.json"), JSON.stringify({ argv: pl.argv, display_name: pl.display_name, language: pl.language, interrupt_mode: pl.interrupt_mode }));
  return { ...process.env, JUPYTER_PATH: dir, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

/** The outcome of a CLI run. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/paperlab.js ...args`. With `interruptWhen`, sends SIGINT once stderr matches it
 * (how a terminal Ctrl-C reaches the runner).
 */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; interruptWhen?: RegExp; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => {
      stderr += d;
      if (opts.interruptWhen && !sent && opts.interruptWhen.test(stderr)) {
        sent = true;
        p.kill("SIGINT");
      }
    });
    const t = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 60000);
    p.on("close", (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Validates a notebook with nbformat (python3-nbformat); returns the error text or null. */
export function nbformatErrors(file: string): string | null {
  const r = spawnSync(SYSTEM_PYTHON, ["-c", "import sys, nbformat\nnb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\nnbformat.validate(nb)", file], { encoding: "utf8" });
  return r.status === 0 ? null : r.stderr.trim().split("\n").slice(-5).join("\n");
}

/**
 * Asserts that `file` validates with nbformat; without python3-nbformat, says so in the test's
 * diagnostics instead (the rest of the test still runs).
 */
export function assertValidNotebook(t: { diagnostic(message: string): void }, file: string): void {
  if (!pythonHas("nbformat")) return t.diagnostic(`nbformat validation skipped: needs the Debian package python3-nbformat`);
  const errors = nbformatErrors(file);
  if (errors !== null) throw new Error(`${file} does not validate as nbformat 4:\n${errors}`);
}

/** Process ids whose command line contains `needle` (to check that nothing leaked). */
export function pidsMatching(needle: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${e}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle) && Number(e) !== process.pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A running Jupyter Server for a test. */
export interface TestServer {
  url: string;
  token: string;
  /** Temporary folder holding the server's config, data, runtime and root. */
  dir: string;
  stop(): Promise<void>;
  /** Kills the server process at once (SIGKILL, as a crash would), leaving its kernels to `stop`. */
  crash(): void;
}

/**
 * Starts Debian's jupyter_server on 127.0.0.1 with a random token and private config/data/
 * runtime folders; kernelspecs come from `env.JUPYTER_PATH`. Waits for /api/status.
 */
export async function startJupyterServer(env: NodeJS.ProcessEnv): Promise<TestServer> {
  const dir = tempDir("paperlab-server-");
  for (const d of ["config", "data", "runtime", "root"]) fs.mkdirSync(path.join(dir, d));
  const port = await freePort();
  const token = `t${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const proc: ChildProcess = spawn(
    SYSTEM_PYTHON,
    ["-m", "jupyter_server", "--no-browser", ...(process.getuid?.() === 0 ? ["--allow-root"] : []), "--ip=127.0.0.1", `--port=${port}`, "--ServerApp.port_retries=0", `--ServerApp.token=${token}`, `--ServerApp.root_dir=${path.join(dir, "root")}`],
    {
      env: { ...env, JUPYTER_CONFIG_DIR: path.join(dir, "config"), JUPYTER_DATA_DIR: path.join(dir, "data"), JUPYTER_RUNTIME_DIR: path.join(dir, "runtime") },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    },
  );
  let log = "";
  proc.stderr!.on("data", (d) => (log = (log + d).slice(-4000)));
  const killAll = () => {
    for (const pid of pidsMatching(path.join(dir, "runtime"))) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    try {
      process.kill(-proc.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  process.on("exit", killAll);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`jupyter_server exited (${proc.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      killAll();
      throw new Error(`jupyter_server did not answer on ${url} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    token,
    dir,
    crash: () => {
      try {
        process.kill(proc.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    },
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise<void>((r) => proc.once("exit", () => r()));
        proc.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      killAll();
    },
  };
}
