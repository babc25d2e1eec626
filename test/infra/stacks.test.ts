/**
 * The CDK assertions, run against one synthesized app: every suite imports the cached fixture
 * from ./fixture, and importing them all here keeps them in one test worker, so the stacks
 * are synthesized once rather than once per file.
 */
import './suites/stateful';
import './suites/stateless';
import './suites/guards';
import './suites/declared';
import './suites/operations';
import './suites/security';
import './suites/cfn-lint';
import './suites/identity';
import './suites/limits';
