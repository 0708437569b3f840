/**
 * The embedded transport on its own (Debian's ipykernel): connection files, kernel_info, an
 * execute round trip, death by heartbeat (a stopped process), and clean shutdown.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { EmbeddedKernel, findKernelSpec, freePorts, KernelDiedError, writeConnectionFile } from "../../../kernel/client";
import { ClientMessage } from "../../../kernel/client/types";
import { deathReason, fatalLine } from "../../../kernel/client/zmq-client";
import { pythonKernelEnv, skipUnless } from "./support";

const skip = skipUnless("ipykernel", "python3-ipykernel");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("connection files: five distinct free ports, a random key, mode 0600", async () => {
  const ports = await freePorts(5);
  assert.equal(new Set(ports).size, 5);
  const { file, info } = await writeConnectionFile("k");
  try {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(info.key, /^[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), info);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

describe("EmbeddedKernel with ipykernel", { skip, concurrency: 2 }, () => {
  const env = skip ? process.env : pythonKernelEnv();

  test("kernel_info, an execute round trip, and a shutdown that leaves no process", async () => {
    const k = await EmbeddedKernel.launch(findKernelSpec("python3", env), { env });
    const pid = k.pid!;
    try {
      assert.equal((k.info.language_info as { name: string }).name, "python");
      const seen: ClientMessage[] = [];
      const reply = await k.execute("print(6 * 7)", (m) => seen.push(m));
      assert.equal(reply.content.status, "ok");
      assert.deepEqual(seen.map((m) => m.header.msg_type), ["status", "execute_input", "stream", "status"]);
      assert.equal(seen[2].content.text, "42\n");
    } finally {
      await k.shutdown();
    }
    assert.equal(alive(pid), false);
  });

  test("a kernel that stops answering its heartbeat counts as dead", async () => {
    const k = await EmbeddedKernel.launch(findKernelSpec("python3", env), { env, heartbeatTimeoutS: 2 });
    const pid = k.pid!;
    try {
      process.kill(pid, "SIGSTOP");
      await assert.rejects(k.execute("1", () => {}), (e: unknown) => e instanceof KernelDiedError && /stopped answering its heartbeat for 2 s/.test((e as Error).message));
    } finally {
      process.kill(pid, "SIGCONT");
      await k.shutdown();
    }
    assert.equal(alive(pid), false);
  });
});

describe("why a kernel died", () => {
  // What Node 20 prints when a cell exhausts the heap: the reason, then V8's frames (more than 8 lines).
  const oom = [
    "<--- Last few GCs --->",
    "[123:0x55d] 15210 ms: Mark-Compact 2046.1 (2082.7) -> 2045.9 (2083.0) MB, 1500.2 / 0.0 ms  (average mu = 0.1) allocation failure",
    "<--- JS stacktrace --->",
    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    ...Array.from({ length: 10 }, (_, i) => ` ${i + 1}: 0xb7${i}c node::Abort() [/usr/bin/node]`),
  ].join("\n");

  test("the fatal line comes first, even when the last stderr lines are V8's frames", () => {
    const r = deathReason(null, "SIGABRT", oom);
    assert.match(r, /^the kernel process exited \(signal SIGABRT\): FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory; /);
    assert.ok(!r.split("last stderr lines:")[1].includes("FATAL ERROR"), "the tail alone (8 frame lines) would have cut it off");
  });

  test("a fatal line seen earlier is used when the tail has scrolled past it; none: code and tail only", () => {
    assert.equal(fatalLine(oom), "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
    assert.match(deathReason(1, null, "frames only", "Napi::Error: Socket is closed"), /\(code 1\): Napi::Error: Socket is closed; its last stderr lines:\nframes only$/);
    assert.equal(deathReason(1, null, "paperlab kernel: bye\n"), "the kernel process exited (code 1); its last stderr lines:\npaperlab kernel: bye");
  });
});
