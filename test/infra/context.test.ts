import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE, contextSettings } from '../../infra/constructs/kippu-stacks';

describe('CDK context settings', () => {
  it('defaults the stage to dev and lists to their defaults', () => {
    const settings = contextSettings(new App());
    expect(settings.stage).toBe(DEFAULT_STAGE);
    expect(settings.ticketVerifyKeyArns).toEqual([]);
    expect(settings.authDomainPrefix).toBeUndefined();
  });

  it('reads a stage and comma-separated lists given with -c', () => {
    const app = new App({
      context: { stage: 'prod', ticketVerifyKeyArns: 'arn:a, arn:b', customerCallbackUrls: 'https://app.example/cb' },
    });
    expect(contextSettings(app)).toEqual({
      stage: 'prod',
      ticketVerifyKeyArns: ['arn:a', 'arn:b'],
      customerCallbackUrls: ['https://app.example/cb'],
    });
  });

  it('refuses a stage that cannot be part of a resource name', () => {
    expect(() => contextSettings(new App({ context: { stage: 'Prod_1' } }))).toThrow(/stage/);
  });
});
