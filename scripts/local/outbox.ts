import { parseMessage } from '../../shared/domain/identity/messages';
import type { OutboxMessage } from '../../shared/domain/identity/ports';

/**
 * The local mailbox: what kippu sent through SES, read back from moto, which keeps every
 * message it accepted (its internal data endpoint lists them) and sends none. Only kippu's
 * own messages are listed, parsed by the same module that rendered them.
 */
interface MotoMessage {
  readonly subject?: string;
  readonly body?: string;
  readonly destinations?: { readonly ToAddresses?: readonly string[] };
}

export const readOutbox = async (
  sesEndpoint: string,
  to: string,
): Promise<Pick<OutboxMessage, 'to' | 'kind' | 'code' | 'at'>[]> => {
  const response = await fetch(new URL('/moto-api/data.json', sesEndpoint));
  if (!response.ok) throw new Error(`moto answered ${response.status} for its data`);
  const data = (await response.json()) as { ses?: { Message?: readonly MotoMessage[] } };
  const wanted = to.trim().toLowerCase();
  return (data.ses?.Message ?? [])
    .filter((message) => (message.destinations?.ToAddresses ?? []).some((address) => address.toLowerCase() === wanted))
    .flatMap((message) => {
      const parsed = parseMessage(wanted, { subject: message.subject ?? '', text: message.body ?? '' });
      return parsed === undefined ? [] : [{ to: parsed.to, kind: parsed.kind, code: parsed.code, at: parsed.at }];
    });
};
