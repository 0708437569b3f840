/**
 * kernel/warm-up.ts: steps run only after the kernel has been idle long enough, pause while it is
 * busy, and all run (idle-only ones skipped) as soon as a cell needs them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { IdleWarmUp, WarmStep } from "../../kernel/warm-up";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `pred` holds (generous: the machine may be loaded); fails after `ms`. */
async function waitFor(pred: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(5);
  }
}

/** Steps that record their names when they run. */
function recorder(names: string[], opts: { idleOnly?: string[]; throws?: string } = {}): { ran: string[]; steps: WarmStep[] } {
  const ran: string[] = [];
  const steps = names.map((name): WarmStep => ({
    name,
    idleOnly: opts.idleOnly?.includes(name),
    run: async () => {
      ran.push(name);
      if (name === opts.throws) throw new Error(`${name} broke`);
    },
  }));
  return { ran, steps };
}

const noErrors = (): never => {
  throw new Error("no step should fail here");
};

test("steps wait for idleMs of idleness, then run in order", async () => {
  const { ran, steps } = recorder(["a", "b", "c"]);
  const w = new IdleWarmUp(steps, () => true, 50, noErrors);
  const t0 = Date.now();
  w.idle();
  await sleep(0);
  assert.deepEqual(ran, [], "nothing before idleMs");
  await waitFor(() => w.done);
  assert.ok(Date.now() - t0 >= 45, "started after idleMs");
  assert.deepEqual(ran, ["a", "b", "c"]);
});

test("a request (busy) cancels the pending start; idle() schedules it again", async () => {
  const { ran, steps } = recorder(["a"]);
  const w = new IdleWarmUp(steps, () => true, 30, noErrors);
  w.idle();
  w.busy();
  await sleep(150);
  assert.deepEqual(ran, [], "cancelled by busy()");
  w.idle();
  await waitFor(() => w.done);
  assert.deepEqual(ran, ["a"]);
});

test("between steps the kernel's idleness is checked again: a busy kernel pauses the warm-up", async () => {
  let idle = true;
  const ran: string[] = [];
  const steps: WarmStep[] = [
    { name: "a", run: async () => { ran.push("a"); idle = false; } },
    { name: "b", run: async () => { ran.push("b"); } },
  ];
  const w = new IdleWarmUp(steps, () => idle, 10, noErrors);
  w.idle();
  await waitFor(() => ran.length === 1);
  await sleep(100);
  assert.deepEqual(ran, ["a"], "b waits while the kernel is busy");
  assert.equal(w.done, false);
  idle = true;
  w.idle();
  await waitFor(() => w.done);
  assert.deepEqual(ran, ["a", "b"]);
});

test("now() runs what is left at once, skipping idle-only steps, and resolves when done", async () => {
  const { ran, steps } = recorder(["types", "libs"], { idleOnly: ["types"] });
  const w = new IdleWarmUp(steps, () => false, 1_000_000, noErrors);
  w.idle();
  await w.now();
  assert.deepEqual(ran, ["libs"]);
  assert.equal(w.done, true);
  await w.now(); // already done: resolves again
});

test("a step that throws is reported and the warm-up goes on", async () => {
  const { ran, steps } = recorder(["a", "b"], { throws: "a" });
  const errors: string[] = [];
  const w = new IdleWarmUp(steps, () => true, 0, (step, err) => errors.push(`${step.name}: ${(err as Error).message}`));
  await w.now();
  assert.deepEqual(ran, ["a", "b"]);
  assert.deepEqual(errors, ["a: a broke"]);
});

test("no steps: done from the start", async () => {
  const w = new IdleWarmUp([], () => true, 10, noErrors);
  assert.equal(w.done, true);
  await w.now();
});
