import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { localClock, okBody, startTestApi, type TestApi } from '../fixtures/api';

/**
 * A booking still pending past its `reconfirmBy` is expired at that instant, whether or not its
 * expiry ran (docs/reservations.md, "Deadlines are read at the instant"), and so gives its slots
 * back to the booker's monthly quota at once: black box over HTTP, with the local test clock
 * moved past the deadline and no schedule run (the test runtime runs none). The clock is
 * process-wide, so this file runs in a stage of its own (its own tables, queues and keys).
 */
interface Reservation {
  id: string;
  status: string;
  reconfirmBy: string;
}

let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `quota${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-quota-lapsed');
}, 120_000);
afterAll(async () => api.close());

const DAY_SECONDS = 86_400;
const SLOT_MS = 600_000;
/** KIPPU_RESERVATION_MONTHLY_SLOT_QUOTA of the local runtime. */
const QUOTA = 144;

const clock = (advanceSeconds?: number) => localClock(api, advanceSeconds);

describe('the monthly quota of a booker whose booking passed its deadline before the expiry ran', () => {
  it('counts only live bookings: the lapsed one reads expired and its slots are booked again at once, the quota still holds', async () => {
    // Prepare: the whole quota of one month in two bookings; the first lapses first
    let now = Date.parse((await clock()).now);
    const date = new Date(now);
    const nextMonthMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    if (nextMonthMs - now < 10 * DAY_SECONDS * 1000) {
      await clock(Math.ceil((nextMonthMs - now) / 1000) + 3_600);
      now = Date.parse((await clock()).now);
    }
    const provider = await okBody(
      api.call<{ id: string }>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Quota Radio', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const booker = await okBody(api.call<{ id: string }>('POST', '/v1/customers', { token: operator, body: { name: 'Rin' } }));
    const providerToken = await api.tokenFor('provider', provider.id);
    const bookerToken = await api.tokenFor('customer', booker.id);
    const channels = await Promise.all(
      ['A', 'B', 'C'].map((name) =>
        okBody(
          api.call<{ id: string }>('POST', '/v1/channels', {
            token: providerToken,
            body: { name, capacity: 2, bandwidthKbps: 3_000, feePerSlotMinor: 10, currency: 'JPY' },
          }),
        ),
      ),
    );
    const startOf = (hoursAhead: number) => new Date(Math.ceil((now + hoursAhead * 3_600_000) / SLOT_MS) * SLOT_MS).toISOString();
    const book = (channelId: string, startsAt: string, slots: number) =>
      api.call<Reservation & { code?: string; month?: string }>('POST', '/v1/reservations', {
        token: bookerToken,
        body: { channelId, startsAt, slots, title: 'Night sky', openLevel: 'public' },
      });
    const lapsing = await okBody(book(channels[0]!.id, startOf(8), 50));
    const live = await okBody(book(channels[1]!.id, startOf(48), QUOTA - 50));

    // Act: 2 s past the first booking's deadline, nothing ran
    await clock(Math.ceil((Date.parse(lapsing.reconfirmBy) - Date.parse((await clock()).now)) / 1000) + 2);
    const read = await api.call<Reservation>('GET', `/v1/reservations/${lapsing.id}`, { token: bookerToken });
    const fits = await book(channels[2]!.id, startOf(60), 50);
    const over = await book(channels[2]!.id, startOf(80), 1);

    // Assess
    expect(read.body.status).toBe('expired');
    expect(fits.status).toBe(201);
    expect(over).toMatchObject({ status: 409, body: { code: 'QUOTA_EXCEEDED', quota: QUOTA } });
    expect((await api.call<Reservation>('GET', `/v1/reservations/${live.id}`, { token: bookerToken })).body.status).toBe(
      'pending_reconfirmation',
    );
  });
});
