/**
 * The server transport against a real Jupyter Server (Debian's python3-jupyter-server) started
 * on loopback with a token: the same fixture notebook as the embedded tests, the same exit codes,
 * and `reproduce --server`. The server and every kernel are gone when the file ends.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { FIXTURES, assertValidNotebook, pidsMatching, pythonKernelEnv, runCli, skipUnless, startJupyterServer, tempDir, TestServer } from "./support";

const NB = path.join(FIXTURES, "runner-python.ipynb");

/** A loopback proxy to `target` that records each request's URL and Authorization header (WebSocket upgrades too). */
async function recordingProxy(target: string): Promise<{ url: string; seen: Array<{ url: string; auth: string; upgrade: boolean }>; close(): Promise<void> }> {
  const t = new URL(target);
  const seen: Array<{ url: string; auth: string; upgrade: boolean }> = [];
  const sockets = new Set<net.Socket>();
  const srv = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", auth: String(req.headers.authorization ?? ""), upgrade: false });
    const fwd = http.request({ host: t.hostname, port: t.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on("error", () => res.destroy());
    req.pipe(fwd);
  });
  srv.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push({ url: req.url ?? "", auth: String(req.headers.authorization ?? ""), upgrade: true });
    const up = net.connect(Number(t.port), t.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      up.write(lines.join("\r\n") + "\r\n\r\n");
      up.write(head);
      socket.pipe(up).pipe(socket);
    });
    for (const s of [up, socket]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    up.on("close", () => socket.destroy());
    socket.on("close", () => up.destroy());
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${t.pathname}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}
const skip = skipUnless("ipykernel", "python3-ipykernel") || skipUnless("jupyter_server", "python3-jupyter-server");
const out = tempDir("paperlab-srv-");
const read = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));
const cell = (nb: any, id: string) => nb.cells.find((c: any) => c.id === id);

describe("paperlab run --server (jupyter_server, ipykernel)", { skip, concurrency: 3 }, () => {
  let server: TestServer;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => runCli(["run", NB, ...args, "--server", server.url, "--token", server.token], { env });

  before(async () => {
    env = pythonKernelEnv();
    server = await startJupyterServer(env);
  });
  after(async () => {
    const api = async (p: string) => (await fetch(`${server.url}api/${p}`, { headers: { Authorization: `token ${server.token}` } })).json();
    const sessions = await api("sessions");
    const kernels = await api("kernels");
    await server.stop();
    assert.deepEqual(sessions, [], "every run removed its session");
    assert.deepEqual(kernels, [], "every run shut its kernel down");
    assert.deepEqual(pidsMatching(server.dir), [], "no server or kernel process is left");
  });

  test("a clean run writes the same outputs as the embedded transport", async (t) => {
    const o = path.join(out, "ok.ipynb");
    const r = await run(["-o", o, "-p", "repeat", "3"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "", "nothing from @jupyterlab/services leaks onto stdout");
    const nb = read(o);
    const stdout = cell(nb, "streams").outputs.filter((o: any) => o.name === "stdout").map((o: any) => o.text).join("");
    assert.equal(stdout, "mode ok repeat 3 shout False labels ['a', 'b']\nmore stdout\n");
    assert.equal(cell(nb, "rich").outputs[1].data["text/markdown"], "second");
    assert.equal(cell(nb, "rich").outputs[2].data["text/plain"], "63");
    assert.match(cell(nb, "last").metadata.execution["shell.execute_reply"], /^\d{4}-/);
    assert.match(nb.metadata.paperlab.run.kernel, /python3 kernel .* on http:\/\/127\.0\.0\.1:/);
    assertValidNotebook(t, o);
  });

  test("cell error → 1, timeout → 3, kernel death → 4", async (t) => {
    const [err, slow, die] = await Promise.all([
      run(["-o", path.join(out, "e.ipynb"), "-p", "mode", "error"]),
      run(["-o", path.join(out, "t.ipynb"), "-p", "mode", "sleep", "--timeout", "1"]),
      run(["-o", path.join(out, "d.ipynb"), "-p", "mode", "die"]),
    ]);
    assert.equal(err.code, 1, err.stderr);
    assert.equal(cell(read(path.join(out, "e.ipynb")), "error").metadata.paperlab.status, "error");
    assert.equal(slow.code, 3, slow.stderr);
    assert.equal(cell(read(path.join(out, "t.ipynb")), "sleep").metadata.paperlab.status, "timeout");
    assert.equal(die.code, 4, die.stderr);
    assert.match(die.stderr, /the kernel died/);
    const d = read(path.join(out, "d.ipynb"));
    assert.equal(cell(d, "die").metadata.paperlab.status, "kernel-died");
    assert.ok(cell(d, "streams").outputs.some((o: any) => o.name === "stderr"), "outputs before the death are kept");
  });

  test("a wrong token is refused with a message that says so", async (t) => {
    const r = await runCli(["run", NB, "-o", path.join(out, "x.ipynb"), "--server", server.url, "--token", "wrong"], { env });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /refused the token \(HTTP 403\)/);
  });

  test("--server with the URL Jupyter prints (?token=T) runs; the token never reaches stderr or a request URL, the WebSocket's included", async () => {
    // Through a recording proxy: every request's URL and Authorization header, HTTP and the WebSocket upgrade alike.
    const proxy = await recordingProxy(server.url);
    try {
      const r = await runCli(["run", NB, "-o", path.join(out, "tok.ipynb"), "--server", `${proxy.url}?token=${server.token}`], { env });
      assert.equal(r.code, 0, r.stderr.replaceAll(server.token, "<token>"));
      assert.ok(!r.stderr.includes(server.token), "the token is not printed");
    } finally {
      await proxy.close();
    }
    const ws = proxy.seen.filter((q) => q.upgrade);
    assert.ok(ws.some((q) => /\/api\/kernels\/[^/]+\/channels/.test(q.url)), `the kernel's WebSocket went through the proxy: ${JSON.stringify(proxy.seen.map((q) => q.url))}`);
    for (const q of proxy.seen) {
      assert.ok(!q.url.includes(server.token), `no token in ${q.upgrade ? "the WebSocket" : "a request"} URL (${q.url.replaceAll(server.token, "<token>")})`);
      assert.equal(q.auth, `token ${server.token}`, `${q.url} carries the token in its Authorization header`);
    }
  });

  test("the paperlab kernel through the server: parameters, rich output, exit 0", async (t) => {
    const o = path.join(out, "ts.ipynb");
    const r = await runCli(["run", path.join(FIXTURES, "runner-typescript.ipynb"), "-o", o, "-p", "repeat", "4", "--server", server.url, "--token", server.token], { env, timeoutMs: 240000 });
    if (r.code === 4 && !/during cell/.test(r.stderr)) return void t.skip(`the paperlab kernel cannot start in this checkout: ${r.stderr.trim().split("\n").at(-1)}`);
    assert.equal(r.code, 0, r.stderr);
    const nb = read(o);
    assert.equal(cell(nb, "rich").outputs[0].data["text/html"], "<b>rich</b>");
    assert.equal(cell(nb, "live").outputs.at(-1).data["text/plain"], "84");
    assert.match(nb.metadata.paperlab.run.kernel, /^paperlab kernel /);
  });

  test("reproduce --server writes notebooks, figures and the report", async (t) => {
    const dir = path.join(out, "repro");
    const r = await runCli(["reproduce", "--notebooks", path.join(FIXTURES, "papers-python"), "--scale", "smoke", "--out", dir, "--server", server.url, "--token", server.token], { env });
    assert.equal(r.code, 0, r.stderr);
    const report = read(path.join(dir, "report.json"));
    assert.match(report.transport, /^server http/);
    assert.equal(report.papers[0].claims[0].verdict, "holds");
    assert.ok(fs.statSync(path.join(dir, "figures", "toy-paper", "fig2-bars.png")).size > 100);
  });
});
