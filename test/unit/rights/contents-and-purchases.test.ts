import { randomBytes } from 'node:crypto';
import { verifyTicket } from '@kippu/verify';
import { describe, expect, it } from 'vitest';
import type { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { contentView, createContent, listContents } from '../../../shared/domain/contents/contents';
import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { makeRightsWorld } from '../../fixtures/rights-world';

/** The content catalogue, offers for contents, and purchases of usage rights. */
/** A content's create input with a fresh key. */
const contentInput = () => ({
  title: 'T',
  keywords: [],
  purposes: ['viewing'],
  maxPeriodSeconds: 60,
  capabilities: ['view'],
  contentKey: new Uint8Array(randomBytes(16)),
});

describe('contents', () => {
  it('keep the key sealed: no answer holds it, and only its content opens it', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();

    const { content, contentKey } = await world.content(provider.id);
    const opened = await world.vault.open(content.id, content.sealedKey);

    expect(Buffer.from(opened)).toEqual(Buffer.from(contentKey));
    expect(JSON.stringify(content)).not.toContain(Buffer.from(contentKey).toString('base64url'));
    expect(Object.keys(contentView(content)).sort()).toEqual(
      ['capabilities', 'createdAt', 'id', 'keywords', 'maxPeriodSeconds', 'providerId', 'purposes', 'title'].sort(),
    );
    await expect(world.vault.open('cnt_other', content.sealedKey)).rejects.toThrow();
  });

  it('are found when every keyword matches', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const { content: harbour } = await world.content(provider.id, { title: 'Harbour at dawn', keywords: ['boats'] });
    await world.content(provider.id, { title: 'Mountain pass', keywords: ['snow'] });

    const found = await listContents(world.contents, { keywords: ['harb', 'boats'], limit: 10 });
    const none = await listContents(world.contents, { keywords: ['harbour', 'snow'], limit: 10 });

    expect(found.items.map((item) => item.id)).toEqual([harbour.id]);
    expect(none.items).toEqual([]);
  });

  it('are created only by a registered provider: the refusal names the caller, not a field the request lacks', async () => {
    const world = makeRightsWorld();
    const asStranger = { role: 'provider', subject: 'prv_unregistered' } as const;
    const input = contentInput();

    const refusal = createContent(world.contentDeps, 'cnt_stranger', input, asStranger);

    await expect(refusal).rejects.toMatchObject({
      code: 'PROVIDER_NOT_FOUND',
      detail: 'You act as provider "prv_unregistered", which is not registered.',
      fields: [],
    });
    expect(await world.contents.get('cnt_stranger')).toBeUndefined();
  });

  it('answer a repeated id with the stored content only for the same request, key included', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const asProvider = { role: 'provider', subject: provider.id } as const;
    const input = contentInput();

    const first = await createContent(world.contentDeps, 'cnt_same', input, asProvider);
    const again = await createContent(world.contentDeps, 'cnt_same', input, asProvider);
    const otherKey = createContent(
      world.contentDeps,
      'cnt_same',
      { ...input, contentKey: new Uint8Array(randomBytes(16)) },
      asProvider,
    );

    expect(again).toEqual(first);
    await expect(otherKey).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'contentKey' }] });
  });
});

describe('offers for a content', () => {
  it('must fit the content: its provider, purposes, capabilities and longest period', async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const other = await world.provider();
    const { content } = await world.content(provider.id, { maxPeriodSeconds: 3_600 });

    const attempts = await Promise.all([
      world.rightsOffer(other.id, { contentId: content.id, validitySeconds: 60 }).catch((error: unknown) => error),
      world
        .rightsOffer(provider.id, { contentId: content.id, purposes: ['resale'], validitySeconds: 60 })
        .catch((error: unknown) => error),
      world
        .rightsOffer(provider.id, { contentId: content.id, capabilities: ['print'], validitySeconds: 60 })
        .catch((error: unknown) => error),
      world.rightsOffer(provider.id, { contentId: content.id, validitySeconds: 3_601 }).catch((error: unknown) => error),
    ]);
    const offer = await world.rightsOffer(provider.id, { contentId: content.id, purposes: ['viewing'], validitySeconds: 3_600 });

    expect(attempts).toMatchObject([
      { code: 'CONTENT_NOT_FOUND' },
      { code: 'PURPOSE_NOT_ALLOWED', fields: [{ field: 'purposes' }] },
      { code: 'VALIDATION_FAILED', fields: [{ field: 'capabilities' }] },
      { code: 'PERIOD_TOO_LONG', extensions: { maxPeriodSeconds: 3_600 } },
    ]);
    expect(offer).toMatchObject({ resource: content.id, contentId: content.id, purposes: ['viewing'] });
  });
});

describe('purchases of usage rights', () => {
  const scene = async () => {
    const world = makeRightsWorld();
    const provider = await world.provider();
    const { content } = await world.content(provider.id, { maxPeriodSeconds: 7_200 });
    const offer = await world.rightsOffer(provider.id, {
      contentId: content.id,
      purposes: ['viewing'],
      deviceBound: true,
      validitySeconds: 3_600,
      maxUses: 3,
    });
    const buyer = await world.customerWithDevice();
    return { world, provider, content, offer, buyer };
  };

  it('bind the ticket to the buyer’s device and carry the purpose and period', async () => {
    const { world, provider, offer, buyer, content } = await scene();

    const { purchase, ticket } = await world.buy(buyer.customer.id, {
      offerId: offer.id,
      deviceId: buyer.device.record.id,
      purpose: 'viewing',
      periodSeconds: 600,
    });
    const jwks = { keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] };
    const verified = await verifyTicket(String(ticket?.token), {
      jwks,
      issuer: WORLD_ISSUER,
      audience: provider.id,
      now: new Date(world.clock.now()),
    });

    expect(purchase).toMatchObject({
      deviceId: buyer.device.record.id,
      purpose: 'viewing',
      periodSeconds: 600,
      contentId: content.id,
    });
    expect(verified).toMatchObject({ ok: true, claims: { cnf: { jkt: buyer.device.record.jkt }, max: 3, res: content.id } });
    expect(ticket ? Date.parse(ticket.expiresAt) - Date.parse(ticket.notBefore) : 0).toBe(600_000);
  });

  it('refuse a purpose the offer does not allow and a period past the limits, naming the limit', async () => {
    const { world, offer, buyer } = await scene();
    const buy = (extra: object) =>
      world
        .buy(buyer.customer.id, { offerId: offer.id, deviceId: buyer.device.record.id, purpose: 'viewing', ...extra })
        .catch((error: unknown) => error);

    const answers = [
      await buy({ purpose: 'education' }),
      await buy({ periodSeconds: 7_201 }),
      await buy({ periodSeconds: 3_601 }),
      await buy({ purpose: undefined }),
    ];

    expect(answers).toMatchObject([
      { code: 'PURPOSE_NOT_ALLOWED', fields: [{ field: 'purpose' }], extensions: { allowedPurposes: ['viewing'] } },
      { code: 'PERIOD_TOO_LONG', extensions: { maxPeriodSeconds: 7_200 } },
      {
        code: 'PERIOD_TOO_LONG',
        fields: [{ field: 'periodSeconds', message: "must be at most 3600, the offer's validitySeconds" }],
      },
      { code: 'VALIDATION_FAILED', fields: [{ field: 'purpose' }] },
    ]);
  });

  it('need one of the buyer’s own devices for a device-bound offer', async () => {
    const { world, offer, buyer } = await scene();
    const other = await world.customerWithDevice();

    await expect(world.buy(buyer.customer.id, { offerId: offer.id, purpose: 'viewing' })).rejects.toMatchObject({
      fields: [{ field: 'deviceId' }],
    });
    await expect(
      world.buy(buyer.customer.id, { offerId: offer.id, purpose: 'viewing', deviceId: other.device.record.id }),
    ).rejects.toMatchObject({
      code: 'DEVICE_NOT_FOUND',
      fields: [{ field: 'deviceId' }],
    });
  });

  it('answer a repeated key only for the same device, purpose and period', async () => {
    const { world, offer, buyer } = await scene();
    const request = { offerId: offer.id, deviceId: buyer.device.record.id, purpose: 'viewing' };
    const first = await world.buy(buyer.customer.id, request, 'key-1');

    const again = await world.buy(buyer.customer.id, request, 'key-1');
    const longer = world.buy(buyer.customer.id, { ...request, periodSeconds: 60 }, 'key-1');

    expect(again.purchase).toEqual(first.purchase);
    await expect(longer).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'periodSeconds' }] });
  });
});
