import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSearchText } from '../../shared/domain/contents/contents';
import type { ContentKeyVault, ContentRecord, ContentStore } from '../../shared/domain/contents/ports';
import { derivedId } from '../../shared/ids';

/**
 * One behaviour suite for the content catalogue's store and key vault, run in memory and
 * against DynamoDB Local and moto's KMS.
 */
export interface ContentPorts {
  readonly contents: ContentStore;
  readonly vault: ContentKeyVault;
}

const token = () => randomBytes(6).toString('hex');

const contentOf =
  (vault: ContentKeyVault, overrides: Partial<ContentRecord> & { createdAt: string }) => async (): Promise<ContentRecord> => {
    const id = overrides.id ?? derivedId('cnt', token());
    const title = overrides.title ?? `Title ${token()}`;
    const keywords = overrides.keywords ?? ['harbour'];
    return {
      id,
      providerId: 'prv-contract',
      title,
      keywords,
      purposes: ['viewing'],
      maxPeriodSeconds: 3_600,
      capabilities: ['view'],
      sealedKey: await vault.seal(id, new Uint8Array(randomBytes(16))),
      searchText: contentSearchText({ title, keywords }),
      createdBy: 'provider:prv-contract',
      ...overrides,
    };
  };

export const contentsContract = (name: string, makePorts: () => Promise<ContentPorts>) => {
  describe(`content catalogue ports (${name})`, () => {
    it('seal a key that opens only for its content', async () => {
      const { vault } = await makePorts();
      const key = new Uint8Array(randomBytes(32));

      const sealed = await vault.seal('cnt_a', key);

      expect(Buffer.from(await vault.open('cnt_a', sealed))).toEqual(Buffer.from(key));
      expect(JSON.stringify(sealed)).not.toContain(Buffer.from(key).toString('base64url'));
      await expect(vault.open('cnt_b', sealed)).rejects.toThrow();
    });

    it('store a content once and answer the stored one for its id', async () => {
      const { contents, vault } = await makePorts();
      const first = await contentOf(vault, { createdAt: '2030-01-01T00:00:00.000Z' })();

      const created = await contents.create(first);
      const repeat = await contents.create({ ...first, title: 'Another title' });

      expect(created).toEqual(first);
      expect(repeat).toEqual(first);
      expect(await contents.get(first.id)).toEqual(first);
      expect(await contents.get('cnt_missing')).toBeUndefined();
    });

    it('list newest first, every keyword matching, in pages with cursors it checks', async () => {
      const { contents, vault } = await makePorts();
      const word = `w${token()}`;
      for (const [second, keywords] of [
        [1, [word, 'boats']],
        [2, [word]],
        [3, [word, 'boats']],
        [4, ['other']],
      ] as const) {
        await contents.create(
          await contentOf(vault, { createdAt: `2031-01-01T00:00:0${second}.000Z`, keywords: [...keywords] })(),
        );
      }

      const first = await contents.list({ keywords: [word], limit: 2 });
      const second = await contents.list({
        keywords: [word],
        limit: 2,
        ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
      });
      const both = await contents.list({ keywords: [word, 'boat'], limit: 10 });

      expect([...first.items, ...second.items].map((content) => content.createdAt)).toEqual([
        '2031-01-01T00:00:03.000Z',
        '2031-01-01T00:00:02.000Z',
        '2031-01-01T00:00:01.000Z',
      ]);
      expect(both.items.map((content) => content.createdAt)).toEqual(['2031-01-01T00:00:03.000Z', '2031-01-01T00:00:01.000Z']);
      await expect(contents.list({ keywords: [], limit: 2, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    });
  });
};
