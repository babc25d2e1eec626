import { App, Aspects, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addKippuStacks, contextSettings } from './constructs/kippu-stacks';

/**
 * The kippu CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs this file with tsx).
 * The stage comes from context (`-c stage=prod`, default `dev`); account and region from the
 * CLI's CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION, and the stacks stay environment-agnostic
 * when those are unset, so synthesis never needs AWS credentials.
 */
const app = new App();
const account = process.env['CDK_DEFAULT_ACCOUNT'];
const region = process.env['CDK_DEFAULT_REGION'];
const env: Environment | undefined = account !== undefined && region !== undefined ? { account, region } : undefined;

addKippuStacks(app, contextSettings(app), env === undefined ? {} : { env });
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
