import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DISPLAY_NAME, jupyterDataDir, jupyterPath, kernelSpec } from "../../kernel/kernelspec";
import { ROOT } from "./kernel-client";

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, [path.join(ROOT, "bin", "paperlab.js"), "kernel", ...args], { encoding: "utf8", env: { ...process.env, ...env } });

test("the Jupyter data dir follows jupyter_core's rules", { skip: process.platform !== "linux" ? "Linux paths" : false }, () => {
  assert.equal(jupyterDataDir({ JUPYTER_DATA_DIR: "/x/y" }), "/x/y");
  assert.equal(jupyterDataDir({ HOME: "/h", XDG_DATA_HOME: "/xdg" }), "/xdg/jupyter");
  assert.equal(jupyterDataDir({ HOME: "/h" }), "/h/.local/share/jupyter");
  assert.deepEqual(jupyterPath({ HOME: "/h", JUPYTER_PATH: "/a:/b" }).slice(0, 3), ["/a", "/b", "/h/.local/share/jupyter"]);
});

test("the kernelspec names paperlab, TypeScript, message interrupts and this checkout", () => {
  const s = kernelSpec();
  assert.equal(s.display_name, DISPLAY_NAME);
  assert.equal(s.language, "typescript");
  assert.equal(s.interrupt_mode, "message");
  assert.deepEqual(s.argv.slice(2), ["kernel", "start", "-f", "{connection_file}"]);
  assert.equal(s.argv[1], path.join(ROOT, "bin", "paperlab.js"));
});

test("install --prefix / --user --name, list, remove", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "paperlab-ks-"));
  const env = { JUPYTER_DATA_DIR: path.join(tmp, "user"), JUPYTER_PATH: path.join(tmp, "prefix", "share", "jupyter") };
  assert.equal(cli(["install", "--prefix", path.join(tmp, "prefix")], env).status, 0);
  const dir = path.join(tmp, "prefix", "share", "jupyter", "kernels", "paperlab");
  for (const f of ["kernel.json", "logo-32x32.png", "logo-64x64.png"]) assert.ok(fs.existsSync(path.join(dir, f)), f);
  const png = fs.readFileSync(path.join(dir, "logo-64x64.png"));
  assert.equal(png.readUInt32BE(16), 64); // IHDR width
  assert.equal(cli(["install", "--user", "--name", "pl-test"], env).status, 0);
  const list = cli(["list"], env);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /paperlab\s+\S+prefix\S+\s+\(paperlab\)/);
  assert.match(list.stdout, /pl-test\s+\S+user\S+\s+\(paperlab\)/);
  assert.equal(cli(["remove", "--name", "pl-test"], env).status, 0);
  assert.ok(!fs.existsSync(path.join(tmp, "user", "kernels", "pl-test")));
  assert.equal(cli(["remove", "--name", "pl-test"], env).status, 1);
  assert.equal(cli(["install", "--name", "bad name!"], env).status !== 0, true);
});
