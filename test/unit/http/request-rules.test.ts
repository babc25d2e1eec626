import { describe, expect, it } from 'vitest';
import { IdempotencyKeyHeader, PathId } from '../../../shared/api/common';
import { isIdempotencyKey, isPathId } from '../../../shared/http/request';
import { IDEMPOTENCY_KEY_LENGTH_MAX, LEDGER_ID_LENGTH_MAX } from '../../../shared/limits';
import * as z from '../../../shared/zod';

/**
 * Every function checks its path parameters and its Idempotency-Key against the document's
 * PathId and IdempotencyKey; it does so with plain tests (shared/http/request.ts) instead of
 * building the two schemas at init. This compares each test with its schema over every
 * length around the limits and characters at and around the edges of the allowed sets.
 */
const CHARACTERS = [
  'a',
  'Z',
  '0',
  '9',
  '_',
  '.',
  ':',
  '-',
  '/',
  ' ',
  '\t',
  '\n',
  '!',
  '~',
  '\x20',
  '\x21',
  '\x7e',
  '\x7f',
  '\x00',
  'é',
  'あ',
  '😀',
  '#',
  '%',
  '+',
  '=',
];

const samples = (lengthMax: number): string[] => {
  const values = new Set<string>();
  for (const length of [0, 1, 2, 3, lengthMax - 1, lengthMax, lengthMax + 1, lengthMax + 2]) {
    for (const character of CHARACTERS) {
      values.add(character.repeat(Math.max(0, Math.ceil(length / character.length))).slice(0, length));
      values.add(`${'a'.repeat(Math.max(0, length - 1))}${character}`.slice(-Math.max(length, 1)));
      values.add(`${character}${'b'.repeat(Math.max(0, length - 1))}`);
    }
  }
  values.add('😀'.repeat(lengthMax / 2));
  values.add(`a${'😀'.repeat(lengthMax / 2)}`);
  return [...values];
};

describe('the path and Idempotency-Key rules', () => {
  it.each([
    ['PathId', PathId, isPathId, LEDGER_ID_LENGTH_MAX],
    ['IdempotencyKey', IdempotencyKeyHeader, isIdempotencyKey, IDEMPOTENCY_KEY_LENGTH_MAX],
  ] as const)('accept exactly what the document’s %s schema accepts', (_name, schema, rule, lengthMax) => {
    // Arrange
    const values = samples(lengthMax);

    // Act
    const differences = values.filter((value) => rule(value) !== z.safeParse(schema, value).success);

    // Assess
    expect(values.filter((value) => rule(value)).length).toBeGreaterThan(10);
    expect(values.filter((value) => !rule(value)).length).toBeGreaterThan(10);
    expect(differences).toEqual([]);
  });
});
