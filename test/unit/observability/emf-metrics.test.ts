import { describe, expect, it } from 'vitest';
import { EmfMetrics, emfLine, type EmfDataPoint } from '../../../shared/adapters/lambda/metrics';
import type { BusinessMetrics } from '../../../shared/ports';
import { metrics } from '../../../shared/resources/metrics';
import { emfLines } from '../../fixtures/stdout';

const NOW = Date.parse('2026-11-27T01:02:03.456Z');

const metricsWriting = (lines: string[]): EmfMetrics =>
  new EmfMetrics({ stage: 'test', write: (line) => lines.push(line), clock: { now: () => NOW } });

const point = (overrides: Partial<EmfDataPoint> = {}): EmfDataPoint => ({
  namespace: 'kippu',
  name: 'PurchasesSettled',
  unit: 'Count',
  dimensions: { service: 'kippu', stage: 'test' },
  value: 1,
  timestamp: NOW,
  ...overrides,
});

describe('the function metrics (one CloudWatch embedded metric format line per data point)', () => {
  it('a data point is one line: the _aws directive with the timestamp in ms, then the dimensions, then the value', () => {
    // Prepare
    const lines: string[] = [];

    // Act
    metricsWriting(lines).record('amountHeldMinor', 1_000, { currency: 'JPY' });

    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
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
    expect(Object.keys(JSON.parse(lines[0] ?? '') as object)).toEqual([
      '_aws',
      'service',
      'stage',
      'currency',
      'AmountHeldMinor',
    ]);
  });

  it('each data point has the one dimension set of its metric: the common ones plus exactly the declared ones, whatever was recorded before', () => {
    // Prepare
    const lines: string[] = [];
    const recorder = metricsWriting(lines);

    // Act
    recorder.record('sweeperItemsRead', 12, { sweeper: 'reservationSweep' });
    recorder.record('purchasesAuthorized', 1, {});
    recorder.record('ticketsIssued', 1, { kind: 'purchase' });
    // A caller that hands over more than the type allows gets only the declared dimension.
    (recorder as BusinessMetrics).record('deadLetterArrivals', 1, { queue: 'settlement', extra: 'x' } as { queue: string });

    // Assess
    const emitted = emfLines(lines);
    expect(emitted.map((line) => [line.name, line.dimensionNames])).toEqual([
      ['SweeperItemsRead', ['service', 'stage', 'sweeper']],
      ['PurchasesAuthorized', ['service', 'stage']],
      ['TicketsIssued', ['service', 'stage', 'kind']],
      ['DeadLetterArrivals', ['service', 'stage', 'queue']],
    ]);
    for (const line of emitted) {
      const declared = Object.values(metrics).find((definition) => definition.name === line.name);
      expect(line.unit).toBe(declared?.unit);
    }
    expect(emitted[1]?.fields).not.toHaveProperty('sweeper');
    expect(emitted[3]?.fields).not.toHaveProperty('extra');
  });

  it('refuses a value that is not a finite number and a declared dimension without a value, writing nothing', () => {
    // Prepare
    const lines: string[] = [];
    const recorder = metricsWriting(lines);

    // Act and Assess
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => recorder.record('settlementLatency', value, {})).toThrow(RangeError);
    }
    expect(() => recorder.record('amountPostedMinor', 1, { currency: '' })).toThrow(/dimension currency/);
    expect(() => recorder.record('amountPostedMinor', 1, { currency: '  ' })).toThrow(/dimension currency/);
    expect(() => recorder.record('amountPostedMinor', 1, {} as { currency: string })).toThrow(/dimension currency/);
    expect(lines).toEqual([]);
  });

  it('refuses what CloudWatch would not take: more than 30 dimensions, a name over 255 characters or shared with a dimension, a dimension value over 1,024 characters', () => {
    // Prepare
    const dimensions = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`d${index}`, 'v']));

    // Act and Assess
    expect(JSON.parse(emfLine(point({ dimensions: dimensions(30) })))._aws.CloudWatchMetrics[0].Dimensions[0]).toHaveLength(30);
    expect(() => emfLine(point({ dimensions: dimensions(31) }))).toThrow(/at most 30 dimensions/);
    expect(() => emfLine(point({ name: 'x'.repeat(256) }))).toThrow(/1 to 255 characters/);
    expect(() => emfLine(point({ name: '' }))).toThrow(/1 to 255 characters/);
    expect(() => emfLine(point({ name: 'stage' }))).toThrow(/also the name of one of its dimensions/);
    expect(() => emfLine(point({ dimensions: { service: 'kippu', stage: 'x'.repeat(1_025) } }))).toThrow(/dimension stage/);
    expect(() => emfLine(point({ dimensions: { service: 'kippu', stage: 3 } }))).toThrow(/dimension stage/);
    expect(emfLine(point({ value: -0.5 }))).toContain('"PurchasesSettled":-0.5');
  });
});
