/**
 * Hosts of `reproduce`: the servers file (a bad line names file:line and the fix; tokens never in messages),
 * the least-busy pick that avoids where a notebook already failed, and the probe of a server that does not answer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { KernelHosts, parseServersFile, probeServer, readServersFile, redact, ServersFileError } from "../../../kernel/client/hosts";
import { runMessages } from "../../../kernel/client/messages";
import { tempDir } from "./support";

test("a servers file: URL [TOKEN] a line, comments and blank lines skipped, ?token= taken from the URL", () => {
  const text = "# my servers\nhttp://10.0.0.1:8888/ abc\n\n  https://hub.example.org/user/me/lab?token=xyz   # from the log\nhttp://gw:8888\n";
  assert.deepEqual(parseServersFile(text, "s.txt"), [
    { url: "http://10.0.0.1:8888/", token: "abc", source: "s.txt:2" },
    { url: "https://hub.example.org/user/me/", token: "xyz", source: "s.txt:4" },
    { url: "http://gw:8888/", token: undefined, source: "s.txt:5" },
  ]);
});

test("a bad line names file:line, what is wrong and the format; a token in it is not echoed", () => {
  assert.throws(() => parseServersFile("http://a:1/ t\nhttp://b:2/ t extra\n", "s.txt"), (e: Error) => {
    assert.ok(e instanceof ServersFileError);
    assert.equal(e.message, runMessages.serversLine("s.txt:2", "expected URL [TOKEN], got 3 fields"));
    return true;
  });
  assert.throws(() => parseServersFile("\n\nlocalhost:8888?token=secret\n", "f"), (e: Error) => /^f:3: 'localhost:8888\?token=…' is not a URL|^f:3: the URL must start with http/.test(e.message) && !e.message.includes("secret"));
  assert.throws(() => parseServersFile("ftp://x/\n", "f"), /: f:1: the URL must start with http:\/\/ or https:\/\/, got ftp:\/\//);
  assert.equal(redact("http://h/?a=1&token=s3cret#x"), "http://h/?a=1&token=…#x");
  const dir = tempDir("paperlab-hosts-");
  fs.writeFileSync(path.join(dir, "empty.txt"), "# nothing\n");
  assert.throws(() => readServersFile(path.join(dir, "empty.txt")), { message: runMessages.serversEmpty(path.join(dir, "empty.txt")) });
  assert.throws(() => readServersFile(path.join(dir, "missing.txt")), /cannot read servers file .*missing\.txt: ENOENT/);
});

test("pick: the least busy host that is up, avoiding where the notebook failed while another is up", () => {
  const hosts = new KernelHosts([
    { url: "http://a/", source: "--server" },
    { url: "http://b/", source: "--server" },
  ]);
  const [a, b] = hosts.hosts;
  assert.equal(hosts.pick(), a, "a tie goes to the first named");
  a.inFlight = 1;
  assert.equal(hosts.pick(), b);
  b.inFlight = 2;
  assert.equal(hosts.pick(), a);
  assert.equal(hosts.pick(new Set([a])), b, "b although busier: the notebook failed on a");
  b.down = "gone";
  assert.equal(hosts.pick(new Set([a])), a, "a again when it is the only one up");
  a.down = "gone too";
  assert.equal(hosts.pick(), null);
  const local = new KernelHosts([]);
  assert.deepEqual(local.hosts.map((h) => [h.url, h.label]), [[null, "local"]]);
});

test("probe: a port that refuses connections and a server that never answers are down, by URL, without the token", async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  const refused = await probeServer(`http://127.0.0.1:${port}/`, "s3cret", 5000);
  assert.equal(refused, runMessages.serverUnreachable(`http://127.0.0.1:${port}/`, "ECONNREFUSED"));
  // A listener that accepts and never answers: a hung server.
  const sockets: net.Socket[] = [];
  const hung = net.createServer((c) => sockets.push(c));
  await new Promise<void>((r) => hung.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}/`;
  const hosts = new KernelHosts([{ url, token: "s3cret", source: "--server" }]);
  const why = await hosts.probe(hosts.hosts[0], 1000);
  assert.equal(why, runMessages.serverUnreachable(url, "no answer within 1 s"));
  assert.equal(hosts.hosts[0].down, why);
  assert.ok(!why!.includes("s3cret"));
  sockets.forEach((c) => c.destroy());
  await new Promise<void>((r) => hung.close(() => r()));
});
