import { describe, expect, it } from 'vitest';
import { fuzz } from '../../scripts/api/fuzz';

/**
 * A short, bounded schemathesis run against the served document in its closed form (an answer
 * member the document does not declare fails; scripts/api/fuzz.ts) on every `npm test`, with
 * an operator's and a customer's token (every operation but the intake switch, then the
 * switch alone: a drained intake answers redeems, grants and transfers 503 by design): any 5xx, any answer the
 * document does not describe (status, content type, body) and any schema-valid request
 * refused beyond authorization fails it. The seed is fixed so that a failure reproduces; `npm run fuzz` explores further
 * with fresh seeds and every phase (the coverage phase alone takes minutes).
 */
const FUZZ = { maxExamples: 10, phases: 'examples,fuzzing,stateful', seed: 1, maxTimeSeconds: 40 } as const;
const FUZZ_TIMEOUT_MS = 600_000;

describe('schemathesis against the served document', () => {
  it(
    'finds no 5xx, no answer outside the document and no valid request refused, as operator and as customer',
    async () => {
      // Act
      const outcomes = await fuzz({ roles: ['operator', 'customer'], ...FUZZ });

      // Assess
      expect(outcomes.map((outcome) => `${outcome.role}: ${outcome.pass}`)).toEqual([
        'operator: operations',
        'customer: operations',
        'operator: intake switch',
        'customer: intake switch',
      ]);
      for (const outcome of outcomes) {
        expect(outcome.exitCode, `${outcome.role}, ${outcome.pass}:\n${outcome.summary}`).toBe(0);
        expect(outcome.summary).toMatch(/\d+ generated, \d+ passed/);
      }
    },
    FUZZ_TIMEOUT_MS,
  );
});
