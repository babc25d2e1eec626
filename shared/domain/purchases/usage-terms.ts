import { DomainError, quoted, notVisible } from '../../errors';
import type { ContentStore } from '../contents/ports';
import type { DeviceStore } from '../identity/ports';
import { requireSameRequest } from '../key-reuse';
import type { OfferRecord } from '../offers/offers';
import type { TicketBinding } from '../tickets/ticket';
import type { PurchaseRecord } from './purchase';

/**
 * The usage right a purchase buys (SPEC S3): for an offer of a content, the purpose (one the
 * content and the offer allow) and the period (at most the content's maxPeriodSeconds and the
 * offer's window; the offer's window by default); for a device-bound offer, one of the buyer's
 * devices, to which the ticket is bound (`cnf.jkt`). Checked before any money moves; a request
 * that names what the offer has no use for is refused rather than ignored.
 */
export interface UsageTermsDeps {
  readonly contents: Pick<ContentStore, 'get'>;
  readonly devices: Pick<DeviceStore, 'getDevice'>;
}

export interface UsageRequest {
  readonly deviceId?: string;
  readonly purpose?: string;
  readonly periodSeconds?: number;
}

/** What the purchase records of its usage right. */
export interface UsageTerms {
  readonly contentId?: string;
  readonly purpose?: string;
  readonly periodSeconds?: number;
  readonly deviceId?: string;
}

const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', `The purchase is invalid: ${field} ${message}.`, [{ field, message }]);

const tooLong = (limit: number, what: string, extensions: Record<string, number>) =>
  new DomainError(
    'PERIOD_TOO_LONG',
    `The period is at most ${limit} seconds (${what}).`,
    [{ field: 'periodSeconds', message: `must be at most ${limit}, ${what}` }],
    extensions,
  );

const contentTermsOf = async (deps: UsageTermsDeps, offer: OfferRecord, request: UsageRequest): Promise<UsageTerms> => {
  if (offer.contentId === undefined) {
    if (request.purpose !== undefined) throw invalid('purpose', `is for a content, and offer ${quoted(offer.id)} is for none`);
    if (request.periodSeconds !== undefined)
      throw invalid('periodSeconds', `is for a content, and offer ${quoted(offer.id)} is for none`);
    return {};
  }
  const content = await deps.contents.get(offer.contentId);
  if (content === undefined)
    throw new DomainError('CONTENT_NOT_FOUND', `The content ${quoted(offer.contentId)} of offer ${quoted(offer.id)} is gone.`);
  const allowed = (offer.purposes ?? content.purposes).filter((purpose) => content.purposes.includes(purpose));
  if (request.purpose === undefined && allowed.length > 0) {
    throw invalid('purpose', `is required: one of ${allowed.join(', ')}`);
  }
  if (request.purpose !== undefined && !allowed.includes(request.purpose)) {
    throw new DomainError(
      'PURPOSE_NOT_ALLOWED',
      `Offer ${quoted(offer.id)} of content ${quoted(content.id)} allows the purposes ${allowed.length === 0 ? '(none)' : allowed.join(', ')} only.`,
      [{ field: 'purpose', message: `must be one of the allowed purposes: ${allowed.join(', ') || '(none)'}` }],
      { allowedPurposes: allowed },
    );
  }
  const periodSeconds = request.periodSeconds ?? offer.validitySeconds;
  if (periodSeconds > content.maxPeriodSeconds) {
    throw tooLong(content.maxPeriodSeconds, `the content's maxPeriodSeconds`, { maxPeriodSeconds: content.maxPeriodSeconds });
  }
  if (periodSeconds > offer.validitySeconds) {
    throw tooLong(offer.validitySeconds, `the offer's validitySeconds`, { validitySeconds: offer.validitySeconds });
  }
  return { contentId: content.id, ...(request.purpose === undefined ? {} : { purpose: request.purpose }), periodSeconds };
};

/** Checks the request against the offer and answers what the purchase records. */
export const usageTermsOf = async (
  deps: UsageTermsDeps,
  customerId: string,
  offer: OfferRecord,
  request: UsageRequest,
): Promise<UsageTerms> => {
  const terms = await contentTermsOf(deps, offer, request);
  if (offer.deviceBound !== true) {
    if (request.deviceId !== undefined)
      throw invalid('deviceId', `is for device-bound offers, and offer ${quoted(offer.id)} is not`);
    return terms;
  }
  if (request.deviceId === undefined)
    throw invalid('deviceId', `is required: offer ${quoted(offer.id)} binds its ticket to one of your devices`);
  await requireDevice(deps, customerId, request.deviceId);
  return { ...terms, deviceId: request.deviceId };
};

const requireDevice = async (deps: Pick<UsageTermsDeps, 'devices'>, customerId: string, deviceId: string) => {
  const device = await deps.devices.getDevice(customerId, deviceId);
  if (device === undefined) {
    throw notVisible('DEVICE_NOT_FOUND', 'device', deviceId, [{ field: 'deviceId', message: 'is not one of your devices' }]);
  }
  return device;
};

/** The binding of a purchase's ticket: its recorded device's key. */
export const bindingOf = async (
  deps: Pick<UsageTermsDeps, 'devices'>,
  purchase: PurchaseRecord,
): Promise<TicketBinding | undefined> => {
  if (purchase.deviceId === undefined) return undefined;
  const device = await requireDevice(deps, purchase.customerId, purchase.deviceId);
  return { deviceId: device.id, jkt: device.jkt, publicJwk: device.publicJwk };
};

/** A stored purchase answers a repeated key only for the same usage right (the effective period included). */
export const requireSameUsage = (purchase: PurchaseRecord, offer: OfferRecord, request: UsageRequest): void =>
  requireSameRequest(`purchase ${quoted(purchase.id)}`, {
    deviceId: [purchase.deviceId, request.deviceId],
    purpose: [purchase.purpose, request.purpose],
    periodSeconds: [
      purchase.periodSeconds,
      offer.contentId === undefined ? request.periodSeconds : (request.periodSeconds ?? offer.validitySeconds),
    ],
  });
