import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  billingConfigOf,
  identityConfigOf,
  loadConfig,
  loadCoreConfig,
  purchaseConfigOf,
  reservationConfigOf,
  rightsConfigOf,
  stageOf,
} from '../../../shared/config';
import { TEST_ENVIRONMENT, testConfig } from '../../fixtures/config';

/** A P-256 public key as base64 DER (SPKI), the form `aws kms get-public-key` prints. */
const SPKI = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ format: 'der', type: 'spki' })
  .toString('base64');

describe('the one configuration parser', () => {
  it('gives every tunable the default the README documents', () => {
    // Act
    const config = testConfig();

    // Assess
    expect(config).toEqual({
      stage: 'test',
      issuer: 'https://kippu.test',
      ticketVerifyKeyIds: [],
      ticketLeewaySeconds: 30,
      ticketValiditySecondsMax: 31_622_400,
      idempotencyLeaseSeconds: 30,
      idempotencyRetentionSeconds: 604_800,
      jwksMaxAgeSeconds: 300,
      purchases: { holdTimeoutSeconds: 86_400, settlementGraceSeconds: 300, defaultCurrency: 'JPY', carrierLinkSeconds: 604_800 },
      reservations: {
        reconfirmLeadSeconds: 21_600,
        slotSeconds: 600,
        connectBeforeSeconds: 300,
        connectAfterSeconds: 300,
        monthlySlotQuota: 144,
        completionGraceSeconds: 900,
        reminderLeadSeconds: 3_600,
      },
      identity: { registrationConfirmSeconds: 86_400 },
      billing: {
        payoutMinimumMinor: 0,
        remittanceToleranceMinor: 0,
        remittanceChunkSize: 250,
        runNudgeAfterSeconds: 3_600,
        statementPageLines: 10_000,
      },
      signing: { mode: 'delegated', rotationSeconds: 86_400, delegatedValiditySecondsMax: 2_592_000, retiredPublicKeys: [] },
      logging: { level: 'INFO', debugSampleRate: 0 },
      rights: { usageReservationSeconds: 3_600 },
    });
  });

  it('reads each area from its variables into its view', () => {
    // Act
    const config = testConfig({
      KIPPU_TICKET_VERIFY_KEY_IDS: ' key-old , key-older,',
      KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS: '60',
      KIPPU_DEFAULT_CURRENCY: 'EUR',
      KIPPU_RESERVATION_SLOT_SECONDS: '300',
      KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: '500',
      KIPPU_BILLING_RUN_NUDGE_AFTER_SECONDS: '900',
      KIPPU_BILLING_REMITTANCE_CHUNK_SIZE: '2',
      KIPPU_BILLING_STATEMENT_PAGE_LINES: '5',
      KIPPU_USAGE_RESERVATION_SECONDS: '120',
    });

    // Assess
    expect(config.ticketVerifyKeyIds).toEqual(['key-old', 'key-older']);
    expect(config.purchases).toMatchObject({ settlementGraceSeconds: 60, defaultCurrency: 'EUR' });
    expect(config.reservations.slotSeconds).toBe(300);
    expect(config.billing).toEqual({
      payoutMinimumMinor: 500,
      remittanceToleranceMinor: 0,
      remittanceChunkSize: 2,
      runNudgeAfterSeconds: 900,
      statementPageLines: 5,
    });
    expect(config.rights.usageReservationSeconds).toBe(120);
  });

  it('refuses a settlement grace that is not shorter than the purchase hold timeout (recovery finds purchases by their pending holds)', () => {
    // Act
    const equal = () =>
      testConfig({ KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS: '600', KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS: '600' });
    const shorter = testConfig({ KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS: '601', KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS: '600' });

    // Assess
    expect(equal).toThrow(ConfigError);
    expect(equal).toThrow(/KIPPU_PURCHASE_SETTLEMENT_GRACE_SECONDS must be shorter than KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS/);
    expect(shorter.purchases).toMatchObject({ holdTimeoutSeconds: 601, settlementGraceSeconds: 600 });
  });

  it('refuses a missing stage, a leeway over 60 s and a malformed currency, naming each variable', () => {
    // Act
    const refused = () =>
      loadConfig({
        KIPPU_ISSUER: TEST_ENVIRONMENT.KIPPU_ISSUER,
        KIPPU_TICKET_LEEWAY_SECONDS: '61',
        KIPPU_DEFAULT_CURRENCY: 'yen',
      });

    // Assess
    expect(refused).toThrow(ConfigError);
    expect(refused).toThrow(/KIPPU_STAGE.*KIPPU_TICKET_LEEWAY_SECONDS.*KIPPU_DEFAULT_CURRENCY/);
  });

  it('says what a currency must be, not the pattern of every ISO 4217 code', () => {
    // Act
    const refused = () => testConfig({ KIPPU_DEFAULT_CURRENCY: 'XYZ' });

    // Assess
    expect(refused).toThrow('invalid configuration: KIPPU_DEFAULT_CURRENCY: Invalid string: must be an ISO 4217 currency code');
    expect(refused).not.toThrow(/AED/);
  });

  it('reads the stage alone as the whole configuration reads it (the metrics take it so)', () => {
    // Act
    const stage = stageOf({ KIPPU_STAGE: 'prod-1' });
    const malformed = () => stageOf({ KIPPU_STAGE: 'Prod 1' });
    const missing = () => stageOf({});

    // Assess
    expect(stage).toBe('prod-1');
    expect(malformed).toThrow(ConfigError);
    expect(malformed).toThrow(/^invalid configuration: KIPPU_STAGE: Invalid string: must match pattern/);
    expect(missing).toThrow('invalid configuration: KIPPU_STAGE: Invalid input: expected string, received undefined');
  });

  it('reads the core alone and each area alone as the whole configuration reads them (a function checks what it uses)', () => {
    // Prepare: one bad variable per area, and none in the core.
    const whole = testConfig();
    const bad = {
      ...TEST_ENVIRONMENT,
      KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS: '0',
      KIPPU_RESERVATION_SLOT_SECONDS: 'ten',
      KIPPU_REGISTRATION_CONFIRM_SECONDS: '-1',
      KIPPU_BILLING_PAYOUT_MINIMUM_MINOR: '1.5',
      KIPPU_USAGE_RESERVATION_SECONDS: '0',
    };
    const problemsOfWhole = (() => {
      try {
        loadConfig(bad);
        return '';
      } catch (error) {
        return error instanceof ConfigError ? error.message : String(error);
      }
    })();

    // Act
    const core = loadCoreConfig(bad);
    const areas = [
      () => purchaseConfigOf(bad),
      () => reservationConfigOf(bad),
      () => identityConfigOf(bad),
      () => billingConfigOf(bad),
      () => rightsConfigOf(bad),
    ];

    // Assess: the core reads neither the areas nor the logging variables (the logger reads those); each area refuses its own variable with the
    // words of the whole configuration's message.
    const {
      logging: _logging,
      purchases: _purchases,
      reservations: _reservations,
      identity: _identity,
      billing: _billing,
      rights: _rights,
      ...wholeCore
    } = whole;
    expect(core).toEqual(wholeCore);
    expect(purchaseConfigOf(TEST_ENVIRONMENT)).toEqual(whole.purchases);
    expect(reservationConfigOf(TEST_ENVIRONMENT)).toEqual(whole.reservations);
    expect(identityConfigOf(TEST_ENVIRONMENT)).toEqual(whole.identity);
    expect(billingConfigOf(TEST_ENVIRONMENT)).toEqual(whole.billing);
    expect(rightsConfigOf(TEST_ENVIRONMENT)).toEqual(whole.rights);
    for (const area of areas) {
      expect(area).toThrow(ConfigError);
      let message = '';
      try {
        area();
      } catch (error) {
        message = error instanceof Error ? error.message : '';
      }
      const [, problem] = /^invalid configuration: (.+)$/.exec(message) ?? [];
      expect(problem).toBeDefined();
      expect(problemsOfWhole).toContain(problem);
    }
    expect(() => loadCoreConfig({ ...bad, KIPPU_ISSUER: 'not a url' })).toThrow(/^invalid configuration: KIPPU_ISSUER: /);
  });

  it('refuses a billing integer written in anything but decimal digits, and an empty one, as the statement worker reads them', () => {
    // Act
    const refused = (env: Record<string, string>) => () => billingConfigOf({ ...TEST_ENVIRONMENT, ...env });

    // Assess
    expect(billingConfigOf({ ...TEST_ENVIRONMENT, KIPPU_BILLING_STATEMENT_PAGE_LINES: '0300' }).statementPageLines).toBe(300);
    for (const raw of ['0x10', '1e1', '+3', ' 3'])
      expect(refused({ KIPPU_BILLING_STATEMENT_PAGE_LINES: raw })).toThrow(
        'invalid configuration: KIPPU_BILLING_STATEMENT_PAGE_LINES: Invalid input: expected int written in decimal digits',
      );
    expect(refused({ KIPPU_BILLING_STATEMENT_PAGE_LINES: '' })).toThrow(
      'invalid configuration: KIPPU_BILLING_STATEMENT_PAGE_LINES: Invalid input: expected int, received an empty value',
    );
    expect(refused({ KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: '0x10' })).toThrow(/KIPPU_BILLING_REMITTANCE_TOLERANCE_MINOR: /);
  });

  it('reads the signing mode, and refuses an unknown one or a rotation that would list 64 keys or more', () => {
    // Act
    const kms = testConfig({
      KIPPU_SIGNING: 'kms',
      KIPPU_SIGNING_ROTATION_SECONDS: '3600',
      KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX: '86400',
    });
    const unknown = () => testConfig({ KIPPU_SIGNING: 'hsm' });
    // A delegated key stays listed 60 s past its validUntil (a verifier's leeway): ⌈(V + 60 s) / P⌉ + 2 delegated keys.
    // 30 days of one-day windows: 33 delegated keys + 1 root key is fine; 12-hour windows list 63 + 1 = 64, refused;
    // with V a minute shorter, 62 + 1 = 63; with a verify-only root key as well, 64 + 2 (the rotation certifies the
    // current and the next window again), and with a retired public key, 62 + 2.
    const halfDaysFullV = () => testConfig({ KIPPU_SIGNING_ROTATION_SECONDS: '43200' });
    const shorterV = { KIPPU_SIGNING_ROTATION_SECONDS: '43200', KIPPU_SIGNING_DELEGATED_VALIDITY_SECONDS_MAX: '2591940' };
    const halfDays = testConfig(shorterV);
    const tooMany = () => testConfig({ ...shorterV, KIPPU_TICKET_VERIFY_KEY_IDS: 'key-old' });
    const retiredTooMany = () => testConfig({ ...shorterV, KIPPU_TICKET_RETIRED_PUBLIC_KEYS: SPKI });
    // One day: 33 + 3 per verify-only key + 1 per retired key + 1 ≤ 63: nine verify-only keys fit (61), ten do not.
    const verifyKeys = (count: number) => Array.from({ length: count }, (_, index) => `key-${index}`).join(',');
    const nine = testConfig({ KIPPU_TICKET_VERIFY_KEY_IDS: verifyKeys(9) });
    const ten = () => testConfig({ KIPPU_TICKET_VERIFY_KEY_IDS: verifyKeys(10) });

    // Assess
    expect(kms.signing).toEqual({
      mode: 'kms',
      rotationSeconds: 3_600,
      delegatedValiditySecondsMax: 86_400,
      retiredPublicKeys: [],
    });
    expect(unknown).toThrow(/KIPPU_SIGNING/);
    expect(halfDaysFullV).toThrow(/63 delegated and 1 root keys.*more than 63/);
    expect(halfDays.signing.rotationSeconds).toBe(43_200);
    expect(tooMany).toThrow(ConfigError);
    expect(tooMany).toThrow(/64 delegated and 2 root keys.*more than 63/);
    expect(retiredTooMany).toThrow(/62 delegated and 2 root keys.*more than 63/);
    expect(nine.ticketVerifyKeyIds).toHaveLength(9);
    expect(ten).toThrow(/53 delegated and 11 root keys/);
  });

  it('reads retired public keys (base64 SPKI) as JWKs with their RFC 7638 kid, and refuses anything else', async () => {
    // Act
    const config = testConfig({ KIPPU_TICKET_RETIRED_PUBLIC_KEYS: ` ${SPKI} ,` });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' });
    const notP256 = () => testConfig({ KIPPU_TICKET_RETIRED_PUBLIC_KEYS: rsa.toString('base64') });
    const garbage = () => testConfig({ KIPPU_TICKET_RETIRED_PUBLIC_KEYS: 'not-a-key' });

    // Assess
    const [key] = config.signing.retiredPublicKeys;
    const { calculateJwkThumbprint } = await import('jose');
    expect(config.signing.retiredPublicKeys).toHaveLength(1);
    expect(key?.kid).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: key?.x, y: key?.y }));
    expect(notP256).toThrow(/KIPPU_TICKET_RETIRED_PUBLIC_KEYS: Invalid public key/);
    expect(garbage).toThrow(/KIPPU_TICKET_RETIRED_PUBLIC_KEYS: Invalid public key: .*not-a-key/);
  });
});
