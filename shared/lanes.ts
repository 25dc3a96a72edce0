/**
 * The one bounded-concurrency loop: `work` over `items`, at most `lanes` at once, started in order,
 * each lane taking the next item as its last one settles. `stop` is asked before each start: once it
 * says so no item is started, and those under way finish. Used by the endpoint watch in main (its
 * dedicated-worker probes) and in the untrusted-input worker (a batch's probes).
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T, index: number) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop()) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(Math.floor(lanes) || 1, items.length)) }, lane));
}
