import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { verifyTicket } from '@kippu/verify';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { kmsPublicJwk, KmsJwsSigner } from '../../../shared/adapters/aws/kms-signer';
import { resourceFromEnv } from '../../../shared/config';
import { redeemTicket } from '../../../shared/domain/rights/redeem';
import { ticketSigningKey } from '../../../shared/resources/keys';
import { ManualClock } from '../../fixtures/clock';
import { ownCoreTable, redeemOn } from './table';

/**
 * Rotating the ticket signing key (docs/operations.md, "Rotating the ticket signing key") in
 * KMS on moto and DynamoDB Local: a second key is added and signs the new tickets; the JWKS
 * lists both public keys; a ticket signed with the old key still verifies offline and redeems
 * online until it expires.
 */
const ISSUER = 'https://kippu.test';
const table = ownCoreTable('rotation');
const kms = new KMSClient({});
afterAll(() => kms.destroy());

describe('rotating the ticket signing key', () => {
  it('new tickets carry the new key, both keys are in the JWKS, and old tickets verify and redeem until they expire', async () => {
    // Prepare: the deployment's key, and a second one made as step 2 of the procedure makes it
    const tableName = await table.ready();
    const clock = new ManualClock(Date.now());
    const oldKeyId = resourceFromEnv(process.env, ticketSigningKey);
    const created = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    const newKeyId = created.KeyMetadata?.KeyId ?? '';
    const world = redeemOn(table, tableName, clock, new KmsJwsSigner(kms, oldKeyId));
    const { provider, redeem } = world;
    const newKeyTickets = { ...world.tickets, signer: new KmsJwsSigner(kms, newKeyId) };
    const before = await world.ticket({ validitySeconds: 600, maxUses: 3 });

    // Act: the new key signs from now on; the JWKS serves it and the old one (KIPPU_TICKET_VERIFY_KEY_IDS)
    const after = await world.ticket({ validitySeconds: 600, maxUses: 3 }, newKeyTickets);
    const jwks = { keys: await Promise.all([newKeyId, oldKeyId].map((keyId) => kmsPublicJwk(kms, keyId))) };
    const newOnly = { keys: jwks.keys.slice(0, 1) };
    const verify = (token: string, keys: typeof jwks) =>
      verifyTicket(token, { jwks: keys, issuer: ISSUER, audience: provider.subject, now: new Date(clock.now()) });
    const oldVerified = await verify(before.token, jwks);
    const newVerified = await verify(after.token, jwks);
    const oldWithoutItsKey = await verify(before.token, newOnly);
    const redeemed = await redeemTicket(redeem, provider, before.id, { nonce: 'n-1' });
    clock.advanceSeconds(600);
    const expired = redeemTicket(redeem, provider, before.id, { nonce: 'n-2' });

    // Assess
    expect(decodeProtectedHeader(after.token).kid).not.toBe(decodeProtectedHeader(before.token).kid);
    expect(jwks.keys.map((key) => key.kid)).toEqual([
      decodeProtectedHeader(after.token).kid,
      decodeProtectedHeader(before.token).kid,
    ]);
    expect(oldVerified).toMatchObject({ ok: true, claims: { jti: before.id } });
    expect(newVerified).toMatchObject({ ok: true, claims: { jti: after.id } });
    expect(oldWithoutItsKey.ok).toBe(false);
    expect(redeemed.remaining).toEqual({ uses: 2 });
    await expect(expired).rejects.toMatchObject({ code: 'TICKET_EXPIRED' });
  });
});
