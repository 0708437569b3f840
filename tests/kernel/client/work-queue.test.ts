/** The work queue: item order kept, at most N at once, nothing new starts after an abort. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runQueue } from "../../../kernel/client/work-queue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("results come back in item order, at most `jobs` at once", async () => {
  let inFlight = 0;
  let most = 0;
  const finished: number[] = [];
  // Later items finish first: results must still be in item order.
  const r = await runQueue([50, 40, 30, 20, 10, 5], 3, async (ms, i) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await sleep(ms);
    inFlight--;
    finished.push(i);
    return ms * 2;
  });
  assert.deepEqual(r, [100, 80, 60, 40, 20, 10]);
  assert.equal(most, 3);
  assert.notDeepEqual(finished, [0, 1, 2, 3, 4, 5], "they did finish out of order");
});

test("one job runs the items one after another; more jobs than items is fine", async () => {
  const order: string[] = [];
  await runQueue(["a", "b", "c"], 1, async (x) => {
    order.push(`start ${x}`);
    await sleep(1);
    order.push(`end ${x}`);
  });
  assert.deepEqual(order, ["start a", "end a", "start b", "end b", "start c", "end c"]);
  assert.deepEqual(await runQueue([1, 2], 8, async (x) => x + 1), [2, 3]);
  assert.deepEqual(await runQueue([], 2, async (x: number) => x), []);
});

test("after the signal aborts, no item starts and the unstarted ones are undefined", async () => {
  const ac = new AbortController();
  const started: number[] = [];
  const r = await runQueue(
    [0, 1, 2, 3, 4],
    2,
    async (i) => {
      started.push(i);
      if (i === 1) ac.abort();
      await sleep(5);
      return i;
    },
    ac.signal,
  );
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(r, [0, 1, undefined, undefined, undefined]);
});
