/**
 * The work queue behind `paperlab reproduce --jobs N`: N workers take items in order and run `work` on each,
 * so at most N run at once. Results come back in the items' order, whatever order they finished in. Once
 * `signal` aborts, no item starts (the running ones end their own way: `work` sees the same signal), and the
 * items never started come back `undefined`.
 */
export async function runQueue<T, R>(items: readonly T[], jobs: number, work: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<Array<R | undefined>> {
  const results = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(Math.floor(jobs), items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}
