import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { powertoolsMetrics } from '../../../shared/adapters/powertools/metrics';
import type { BusinessMetrics, MetricDimensionsOf } from '../../../shared/ports';
import { metricShapes, metrics, type MetricId } from '../../../shared/resources/metrics';
import { captureStdout, emfLines } from '../../fixtures/stdout';

const NOW = Date.parse('2026-11-27T01:02:03.456Z');

beforeEach(() => {
  // Powertools stamps a data point with Date.now(); only Date is faked.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  // POWERTOOLS_DEV or POWERTOOLS_METRICS_DISABLED on the machine would turn the lines off.
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('the function metrics on Powertools Metrics (one CloudWatch embedded metric format line per data point)', () => {
  it('a data point is one line: the _aws directive with the timestamp in ms, then the dimensions, then the value', async () => {
    // Act
    const lines = await captureStdout(async () =>
      powertoolsMetrics('test').record('amountHeldMinor', 1_000, { currency: 'JPY' }),
    );

    // Assess
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '') as object;
    expect(line).toEqual({
      _aws: {
        Timestamp: NOW,
        CloudWatchMetrics: [
          {
            Namespace: 'kippu',
            Dimensions: [['service', 'stage', 'currency']],
            Metrics: [{ Name: 'AmountHeldMinor', Unit: 'None' }],
          },
        ],
      },
      service: 'kippu',
      stage: 'test',
      currency: 'JPY',
      AmountHeldMinor: 1_000,
    });
    expect(Object.keys(line)).toEqual(['_aws', 'service', 'stage', 'currency', 'AmountHeldMinor']);
  });

  it('each data point has the one dimension set of its metric: the common ones plus exactly the declared ones, whatever was recorded before', async () => {
    // Act
    const lines = await captureStdout(async () => {
      const recorder = powertoolsMetrics('test');
      recorder.record('sweeperItemsRead', 12, { sweeper: 'reservationSweep' });
      recorder.record('purchasesAuthorized', 1, {});
      recorder.record('ticketsIssued', 1, { kind: 'purchase' });
      // A caller that hands over more than the type allows gets only the declared dimension.
      (recorder as BusinessMetrics).record('deadLetterArrivals', 1, { queue: 'settlement', extra: 'x' } as { queue: string });
    });

    // Assess
    const emitted = emfLines(lines);
    expect(emitted.map((line) => [line.name, line.dimensionNames, line.fields[line.name]])).toEqual([
      ['SweeperItemsRead', ['service', 'stage', 'sweeper'], 12],
      ['PurchasesAuthorized', ['service', 'stage'], 1],
      ['TicketsIssued', ['service', 'stage', 'kind'], 1],
      ['DeadLetterArrivals', ['service', 'stage', 'queue'], 1],
    ]);
    expect(emitted[1]?.fields).not.toHaveProperty('sweeper');
    expect(emitted[3]?.fields).not.toHaveProperty('extra');
  });

  it('every declared metric is written with its declared name, unit and dimensions, in namespace kippu', async () => {
    // Prepare
    const ids = Object.keys(metricShapes) as MetricId[];

    // Act
    const lines = await captureStdout(async () => {
      const recorder = powertoolsMetrics('prod');
      for (const id of ids) {
        const dimensions = Object.fromEntries(metricShapes[id].dimensions.map((dimension) => [dimension, `${dimension}-value`]));
        recorder.record(id, 3, dimensions as MetricDimensionsOf<typeof id>);
      }
    });

    // Assess
    expect(
      emfLines(lines).map((line) => ({
        namespace: line.namespace,
        name: line.name,
        unit: line.unit,
        dimensions: line.dimensionNames,
      })),
    ).toEqual(
      ids.map((id) => ({
        namespace: 'kippu',
        name: metrics[id].name,
        unit: metrics[id].unit,
        dimensions: ['service', 'stage', ...metrics[id].dimensions],
      })),
    );
  });

  it('refuses a value that is not a finite number and a declared dimension without a usable value, writing nothing', async () => {
    // Act
    const lines = await captureStdout(async () => {
      const recorder = powertoolsMetrics('test');
      for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(() => recorder.record('settlementLatency', value, {})).toThrow(RangeError);
      }
      expect(() => recorder.record('amountPostedMinor', 1, { currency: '' })).toThrow(/dimension currency/);
      expect(() => recorder.record('amountPostedMinor', 1, { currency: '  ' })).toThrow(/dimension currency/);
      expect(() => recorder.record('amountPostedMinor', 1, { currency: 'x'.repeat(1_025) })).toThrow(/dimension currency/);
      expect(() => recorder.record('amountPostedMinor', 1, {} as { currency: string })).toThrow(/dimension currency/);
    });

    // Assess
    expect(lines).toEqual([]);
  });
});
