/**
 * Runs `work` for the indexes first … count − 1 on `concurrency` workers at once, each taking
 * the next index when it finishes one: the benches' load generator.
 */
export const runPool = async (
  count: number,
  concurrency: number,
  work: (index: number) => Promise<unknown>,
  first = 0,
): Promise<void> => {
  let next = first;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
};
