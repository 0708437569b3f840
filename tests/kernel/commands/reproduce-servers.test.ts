/**
 * `paperlab reproduce` over two Jupyter Servers (Debian's jupyter_server and ipykernel, on 127.0.0.1 with
 * random ports and tokens, started here): three small paper notebooks spread over both; one server is killed
 * while a notebook runs on it, every notebook still completes on the other, and the report says which retried
 * and where each ran. And a server that does not answer at all is named, without its token.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { BIN, pidsMatching, pythonKernelEnv, runCli, skipUnless, startJupyterServer, tempDir, TestServer } from "../client/support";
import { runMessages } from "../../../kernel/client/messages";
import { writePaper } from "./papers";

const skip = skipUnless("ipykernel", "python3-ipykernel") || skipUnless("jupyter_server", "python3-jupyter-server");
const dir = tempDir("paperlab-repro-servers-");
const read = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));

/** Runs the CLI; `onLine` sees each stderr line as it comes (to act mid-run). */
function runWatching(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string, all: string) => void, timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let partial = "";
    p.stderr.on("data", (d) => {
      stderr += d;
      partial += d;
      const lines = partial.split("\n");
      partial = lines.pop()!;
      for (const l of lines) onLine(l, stderr);
    });
    const t = setTimeout(() => p.kill("SIGKILL"), timeoutMs);
    p.on("close", (code) => {
      clearTimeout(t);
      resolve({ code, stderr });
    });
  });
}

describe("paperlab reproduce over two Jupyter Servers", { skip }, () => {
  let env: NodeJS.ProcessEnv;
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    env = pythonKernelEnv();
    [a, b] = await Promise.all([startJupyterServer(env), startJupyterServer(env)]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    assert.deepEqual(pidsMatching(a.dir), [], "nothing of server A is left");
    assert.deepEqual(pidsMatching(b.dir), [], "nothing of server B is left");
  });

  test("notebooks spread over both; server A killed mid-run; all complete on B and the report says which retried", async () => {
    const nbs = path.join(dir, "three");
    for (const name of ["one", "two", "three"]) writePaper(nbs, name, { sleepS: 15 });
    const out = path.join(dir, "out");
    const servers = path.join(dir, "servers.txt");
    fs.writeFileSync(servers, `# two local servers\n${a.url} ${a.token}\n${b.url} ${b.token}\n`);
    let onA: string | null = null;
    let stopped = false;
    const r = await runWatching(
      ["reproduce", "--notebooks", nbs, "--scale", "smoke", "--out", out, "--servers", servers, "--jobs", "3"],
      env,
      (line) => {
        const started = /^(\S+) starting kernel 'python3' on (\S+)…$/.exec(line);
        if (started && started[2] === a.url && !onA) onA = started[1];
        // Kill A once a notebook on it is in its sleeping cell: mid-run, not before it started.
        if (onA && !stopped && line.startsWith(`${onA} [3/5] import time`)) {
          a.crash();
          stopped = true;
        }
      },
      400000,
    );
    assert.ok(stopped, `a notebook ran on ${a.url}:\n${r.stderr}`);
    assert.ok(!r.stderr.includes(a.token) && !r.stderr.includes(b.token), "no token is printed");
    assert.equal(r.code, 0, r.stderr);
    const report = read(path.join(out, "report.json"));
    assert.deepEqual(report.papers.map((p: { paper: string }) => p.paper), ["one", "three", "two"]);
    assert.equal(report.summary.notebooksFailed, 0);
    assert.equal(report.summary.holds, 3);
    for (const p of report.papers) {
      assert.equal(p.status, "ok", p.paper);
      assert.equal(p.run.transport, "server");
      assert.equal(p.run.host, b.url, `${p.paper} finished on B, the server still up`);
      assert.match(p.run.kernelId, /^[0-9a-f-]{36}$/);
    }
    const retried = report.papers.filter((p: { run: { retries: unknown[] } }) => p.run.retries.length > 0);
    assert.ok(retried.some((p: { paper: string }) => p.paper === onA), `${onA} (on A when it stopped) retried`);
    for (const p of retried) {
      assert.equal(p.run.retries.length, 1);
      assert.equal(p.run.retries[0].host, a.url);
      assert.match(r.stderr, new RegExp(`^${p.paper} retry 1/2: the run on ${a.url.replace(/[./]/g, "\\$&")} failed \\(.+\\); running it again on ${b.url.replace(/[./]/g, "\\$&")}$`, "m"));
    }
    assert.equal(report.totals.retried, retried.length);
    assert.match(fs.readFileSync(path.join(out, "report.md"), "utf8"), new RegExp(`retried 1× after: ${a.url.replace(/[./]/g, "\\$&")}`));
  });

  test("a server that does not answer: each paper fails naming the URL (not the token) and what to check, exit 4", async () => {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(s.address() as net.AddressInfo).port}/`;
    await new Promise<void>((r) => s.close(() => r()));
    const nbs = path.join(dir, "one");
    writePaper(nbs, "solo");
    const out = path.join(dir, "out-down");
    const r = await runCli(["reproduce", "--notebooks", nbs, "--out", out, "--server", `${url}?token=sekrit`], { env, timeoutMs: 120000 });
    assert.equal(r.code, 4, r.stderr);
    assert.ok(!r.stderr.includes("sekrit"), "the token is not printed");
    const report = read(path.join(out, "report.json"));
    assert.equal(report.papers[0].status, "kernel-died");
    assert.ok(report.papers[0].message.includes(`the server ${url} does not answer`), report.papers[0].message);
    assert.ok(report.papers[0].message.includes("check that it runs"), report.papers[0].message);
    assert.ok(r.stderr.includes(runMessages.serverUnreachable(url, "ECONNREFUSED")) || /does not answer \(fetch failed\)/.test(r.stderr), r.stderr);
  });
});
