import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/signing-key-rotate/handler';
import { nextWindow, windowAt } from '../../../shared/domain/signing/policy';
import { testConfig } from '../../fixtures/config';
import { handlerBase } from '../../fixtures/handlers';
import { signingWorld } from '../../fixtures/signing';

/** signing-key-rotate with in-memory ports: the keys of the current and the next window, made once, and none in kms mode. */
const windows = (world: ReturnType<typeof signingWorld>) => {
  const current = windowAt(world.deps.policy, Math.floor(world.clock.now() / 1000));
  return [current, nextWindow(world.deps.policy, current)];
};

describe('the scheduled rotation of delegated keys', () => {
  it('makes the keys of the current and the next window once; a later run makes nothing new', async () => {
    // Prepare
    const world = signingWorld();
    const rotate = makeHandler({ ...handlerBase(), keys: world.deps });

    // Act
    const first = await rotate();
    const again = await rotate();

    // Assess
    expect(first.created).toBe(2);
    expect(again).toEqual({ created: 0, keyIds: first.keyIds });
    const [current, next] = windows(world);
    expect((await world.keys.window(current?.notBefore ?? -1)).map((record) => record.keyId)).toEqual([first.keyIds[0]]);
    expect((await world.keys.window(next?.notBefore ?? -1)).map((record) => record.keyId)).toEqual([first.keyIds[1]]);
  });

  it('with KIPPU_SIGNING=kms makes no delegated key', async () => {
    // Prepare
    const world = signingWorld();
    const rotate = makeHandler({ ...handlerBase(), config: testConfig({ KIPPU_SIGNING: 'kms' }), keys: world.deps });

    // Act
    const answer = await rotate();

    // Assess
    expect(answer).toEqual({ created: 0, keyIds: [] });
    const [current, next] = windows(world);
    expect(await world.keys.list(current?.notBefore ?? 0, next?.notBefore ?? 0)).toEqual([]);
  });
});
