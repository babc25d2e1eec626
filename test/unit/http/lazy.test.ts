import { describe, expect, it } from 'vitest';
import { lazyHandler } from '../../../shared/http/lazy';

describe('lazy handler wiring', () => {
  it('builds the wiring on the first invocation and keeps it for the next ones', async () => {
    // Prepare
    let builds = 0;
    const handler = lazyHandler(() => {
      builds += 1;
      return async (name: string) => `hello ${name}`;
    });

    // Act
    const before = builds;
    const answers = [await handler('a'), await handler('b')];

    // Assess
    expect(before).toBe(0);
    expect(answers).toEqual(['hello a', 'hello b']);
    expect(builds).toBe(1);
  });

  it('fails every invocation loudly while the wiring cannot be built', async () => {
    // Prepare
    let builds = 0;
    const handler = lazyHandler((): ((name: string) => Promise<string>) => {
      builds += 1;
      throw new Error('KIPPU_TABLE_CORE is not set');
    });

    // Act
    const answers = await Promise.allSettled([handler('a'), handler('b')]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    expect(builds).toBe(2);
  });
});
