/**
 * The e2e test's setup: a JupyterLab 4 frontend assembled from npm (tests/e2e/app, built with rspack),
 * served by Debian's jupyterlab_server on 127.0.0.1 with a token, with paperlab's prebuilt extension and
 * kernelspec installed by `paperlab lab install --prefix` into a temporary prefix, and a headless Debian
 * Chromium driven by playwright-core. Everything lives in one temporary folder per run.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as crypto from "crypto";
import { ChildProcess, spawn, spawnSync } from "child_process";

/** The checkout (dist/tests/e2e → three levels up). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const APP = path.join(ROOT, "tests", "e2e", "app");
export const PYTHON = "/usr/bin/python3";
export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)) ?? "/usr/bin/chromium";
/** Screenshots and the server log go here (gitignored `out/`). */
export const ARTIFACTS = path.join(ROOT, "out", "e2e");

/** Why the e2e test cannot run here, or null when it can. */
export function missingPrerequisites(): string | null {
  const missing: string[] = [];
  if (!fs.existsSync(PYTHON) || spawnSync(PYTHON, ["-c", "import jupyterlab_server"]).status !== 0) missing.push("Debian python3-jupyterlab-server");
  if (!fs.existsSync(CHROMIUM)) missing.push("Debian chromium");
  if (!fs.existsSync(path.join(APP, "node_modules", "playwright-core", "package.json"))) missing.push("the e2e app's npm packages (npm ci --prefix tests/e2e/app --legacy-peer-deps)");
  if (!fs.existsSync(path.join(ROOT, "dist", "lib", "index.js"))) missing.push("the compiled library (npm run build)");
  return missing.length ? `needs ${missing.join(", ")}; .ci/run installs them` : null;
}

/** Builds the app when its bundle is missing or older than its sources (about 5 s). */
export function buildApp(): void {
  const bundle = path.join(APP, "build", "bundle.js");
  const sources = ["index.js", "bootstrap.js", "rspack.config.js", "package.json"].map((f) => fs.statSync(path.join(APP, f)).mtimeMs);
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs > Math.max(...sources)) return;
  const r = spawnSync(process.execPath, [path.join(APP, "node_modules", "@rspack", "cli", "bin", "rspack.js")], { cwd: APP, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building tests/e2e/app failed:\n${r.stdout}\n${r.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A notebook document (nbformat 4) as the test writes it. */
export interface Notebook {
  cells: { cell_type: string; source: string | string[]; metadata: Record<string, unknown>; outputs?: unknown[]; execution_count?: number | null; id?: string }[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook without kernelspec or language metadata (so JupyterLab asks for the kernel) and without outputs. */
export function prepareNotebook(nb: Notebook, params: Record<string, string> = {}): Notebook {
  const cells = nb.cells.map((c) => {
    let source = Array.isArray(c.source) ? c.source.join("") : c.source;
    const tags = (c.metadata?.tags as string[] | undefined) ?? [];
    if (tags.includes("parameters")) {
      for (const [name, value] of Object.entries(params)) source = source.replace(new RegExp(`(let\\s+${name}\\s*=\\s*)[^;]*;`), `$1${value};`);
    }
    return c.cell_type === "code" ? { ...c, source, outputs: [], execution_count: null } : { ...c, source };
  });
  const { kernelspec: _k, language_info: _l, ...metadata } = nb.metadata;
  return { ...nb, cells, metadata };
}

/** A code-only notebook from cell sources. */
export function codeNotebook(sources: string[]): Notebook {
  return {
    cells: sources.map((source, i) => ({ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null, id: `e2e-${i}` })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The running server and its folders. */
export interface Lab {
  url: string;
  token: string;
  dir: string;
  serverRoot: string;
  server: ChildProcess;
  log: string[];
  stop(): Promise<void>;
}

/**
 * Installs the extension and kernelspec into `<tmp>/prefix` with `paperlab lab install --prefix`, writes
 * the notebooks into `<tmp>/root`, and starts the server. `files` maps paths under the root to notebooks.
 */
export async function startLab(files: Record<string, Notebook>): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-e2e-"));
  const prefix = path.join(dir, "prefix");
  const install = spawnSync(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "lab", "install", "--prefix", prefix], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`paperlab lab install failed: ${install.stderr}`);
  const serverRoot = path.join(dir, "root");
  fs.mkdirSync(serverRoot, { recursive: true });
  for (const [rel, nb] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(serverRoot, rel)), { recursive: true });
    fs.writeFileSync(path.join(serverRoot, rel), JSON.stringify(nb, null, 1));
  }
  const token = crypto.randomBytes(16).toString("hex");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Only the temporary prefix: the extension and the kernelspec come from `paperlab lab install`.
    JUPYTER_PATH: path.join(prefix, "share", "jupyter"),
    JUPYTER_DATA_DIR: path.join(dir, "data"),
    JUPYTER_CONFIG_DIR: path.join(dir, "config"),
    JUPYTER_RUNTIME_DIR: path.join(dir, "runtime"),
    PAPERLAB_E2E_STATE: path.join(dir, "state"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
  const server = spawn(
    PYTHON,
    [
      path.join(APP, "main.py"),
      "--ServerApp.allow_root=True",
      `--ServerApp.token=${token}`,
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--ServerApp.root_dir=${serverRoot}`,
      "--ServerApp.open_browser=False",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const log: string[] = [];
  server.stdout!.on("data", (d) => log.push(String(d)));
  server.stderr!.on("data", (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    let problem = "";
    if (server.exitCode !== null) problem = `the Jupyter server exited (${server.exitCode})`;
    else if (Date.now() > deadline) problem = "the Jupyter server did not answer within 60 s";
    if (problem) {
      server.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`${problem}:\n${log.join("")}`);
    }
    try {
      const r = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async (): Promise<void> => {
    if (server.exitCode === null) {
      const exited = new Promise<void>((r) => server.once("exit", () => r()));
      server.kill("SIGTERM"); // jupyter-server shuts its kernels down on SIGTERM
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, "server.log"), log.join(""));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url, token, dir, serverRoot, server, log, stop };
}

/** playwright-core, loaded from the e2e app's node_modules (it is not a root dependency). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function playwright(): any {
  return require(path.join(APP, "node_modules", "playwright-core"));
}
