/**
 * The CDK assertions, run against one synthesized app: every suite imports the cached fixture
 * from ./fixture, and importing them all here keeps them in one test worker, so the stacks
 * are synthesized once rather than once per file. cfn-lint is imported first, because it
 * starts linting the templates when it is loaded, and its tests come last, so that it lints
 * while the other suites run.
 */
import { describeCfnLint } from './suites/cfn-lint';
import './suites/stateful';
import './suites/stateless';
import './suites/guards';
import './suites/declared';
import './suites/operations';
import './suites/security';
import './suites/identity';
import './suites/limits';
import './suites/permissions';

describeCfnLint();
