import { describe, expect, it } from 'vitest';
import { scryptHasher } from '../../../shared/adapters/node/scrypt-hasher';

describe('the scrypt secret hasher', () => {
  it('stores a salted hash that matches its password only', async () => {
    // Act
    const first = await scryptHasher.hash('hunter22');
    const second = await scryptHasher.hash('hunter22');

    // Assess
    expect(first).toMatch(/^scrypt\$[\w-]+\$[\w-]+$/);
    expect(first).not.toContain('hunter22');
    expect(second).not.toBe(first);
    expect(await scryptHasher.matches('hunter22', first)).toBe(true);
    expect(await scryptHasher.matches('hunter23', first)).toBe(false);
  });

  it('never matches a stored value in another format', async () => {
    // Act
    const answers = await Promise.all(
      ['hunter22', 'scrypt$', 'scrypt$c2FsdA$', 'bcrypt$c2FsdA$aGFzaA'].map((stored) => scryptHasher.matches('hunter22', stored)),
    );

    // Assess
    expect(answers).toEqual([false, false, false, false]);
  });
});
