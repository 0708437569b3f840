import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { labextensionsDir, readLabExtension, installLabExtension } from "../../../kernel/commands/lab";
import { ROOT } from "../kernel-client";

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "lab", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

const PY = "/usr/bin/python3";
const hasLabServer = fs.existsSync(PY) && spawnSync(PY, ["-c", "import jupyterlab_server"]).status === 0;

test("lab install --prefix puts the prebuilt extension and the kernelspec under DIR/share/jupyter; uninstall removes both", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-lab-"));
  try {
    const r = cli(["install", "--prefix", tmp]);
    assert.equal(r.status, 0, r.stderr);
    const ext = path.join(tmp, "share", "jupyter", "labextensions", "paperlab-jupyterlab");
    const kernel = path.join(tmp, "share", "jupyter", "kernels", "paperlab", "kernel.json");
    assert.match(r.stdout, /Installed the JupyterLab extension in .*labextensions[\\/]paperlab-jupyterlab/);
    const meta = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
    assert.ok(fs.existsSync(path.join(ext, meta.jupyterlab._build.load)), "remoteEntry copied");
    assert.equal(fs.readdirSync(path.join(ext, "static")).length, fs.readdirSync(path.join(ROOT, "extensions", "jupyterlab", "labextension", "static")).length);
    assert.equal(JSON.parse(fs.readFileSync(path.join(ext, "install.json"), "utf8")).packageName, "paperlab");
    assert.equal(JSON.parse(fs.readFileSync(kernel, "utf8")).display_name, "TypeScript (paperlab)");
    // a stale file from an older install is not left behind
    fs.writeFileSync(path.join(ext, "static", "remoteEntry.old.js"), "");
    assert.equal(cli(["install", "--prefix", tmp]).status, 0);
    assert.ok(!fs.existsSync(path.join(ext, "static", "remoteEntry.old.js")));
    const u = cli(["uninstall", "--prefix", tmp]);
    assert.equal(u.status, 0, u.stderr);
    assert.ok(!fs.existsSync(ext) && !fs.existsSync(path.dirname(kernel)));
    const again = cli(["uninstall", "--prefix", tmp]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /nothing to remove/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("lab install --user honours JUPYTER_DATA_DIR, --name names the kernelspec", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-lab-"));
  try {
    const env = { JUPYTER_DATA_DIR: tmp };
    assert.equal(labextensionsDir({ kind: "user" }, env), path.join(tmp, "labextensions"));
    const r = cli(["install", "--user", "--name", "pl-lab-test"], env);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(tmp, "labextensions", "paperlab-jupyterlab", "package.json")));
    assert.ok(fs.existsSync(path.join(tmp, "kernels", "pl-lab-test", "kernel.json")));
    assert.equal(cli(["uninstall", "--name", "pl-lab-test"], env).status, 0);
    assert.deepEqual(fs.readdirSync(path.join(tmp, "labextensions")), []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("lab: bad flags and commands give usage and exit 2; a missing prebuilt bundle says how to rebuild it", () => {
  const bad = cli(["install", "--prefix"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--prefix needs a value/);
  const unknown = cli(["install", "--global"]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option '--global'/);
  const sub = cli(["enable"]);
  assert.equal(sub.status, 2);
  assert.match(sub.stderr, /unknown command 'enable'[\s\S]*usage: paperlab lab/);
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-lab-"));
  try {
    assert.throws(() => readLabExtension(empty), /prebuilt extension is missing .*npm run build --prefix extensions\/jupyterlab/);
    fs.writeFileSync(path.join(empty, "package.json"), JSON.stringify({ name: "x", version: "0", jupyterlab: {} }));
    assert.throws(() => installLabExtension(path.join(empty, "out"), empty), /incomplete \(no jupyterlab\._build\.load file\)/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test("jupyterlab_server finds the installed extension the way JupyterLab lists prebuilt extensions", { skip: hasLabServer ? false : "Debian python3-jupyterlab-server is not installed (.ci/run installs it)" }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-lab-"));
  try {
    assert.equal(cli(["install", "--prefix", tmp]).status, 0);
    const dir = path.join(tmp, "share", "jupyter", "labextensions");
    const py = [
      "import json, sys, logging",
      "from jupyterlab_server.config import get_page_config",
      "pc = get_page_config([sys.argv[1]], logger=logging.getLogger())",
      "print(json.dumps([e for e in pc['federated_extensions'] if e['name'] == 'paperlab-jupyterlab']))",
    ].join("\n");
    const r = spawnSync(PY, ["-c", py, dir], { encoding: "utf8", env: { ...process.env, JUPYTER_NO_CONFIG: "1" } });
    assert.equal(r.status, 0, r.stderr);
    const [entry] = JSON.parse(r.stdout) as { name: string; load: string; extension: string; mimeExtension: string; style: string }[];
    assert.ok(entry, `paperlab-jupyterlab is not among the federated extensions: ${r.stdout}`);
    assert.match(entry.load, /^static\/remoteEntry\.[0-9a-f]+\.js$/);
    assert.deepEqual([entry.extension, entry.mimeExtension, entry.style], ["./extension", "./mimeExtension", "./style"]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
