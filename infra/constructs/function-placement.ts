import { createHash } from 'node:crypto';

/**
 * How many nested stacks hold kippu's functions (infra/stacks/function-stack.ts).
 *
 * A function's stack is fixed by its name alone, through a hash, so that it never moves:
 * CloudFormation cannot move a resource with a physical name (every function, role and log
 * group has one) from one stack to another in one deployment, because it creates the new one
 * before it deletes the old one, and the name is taken. Any rule that depended on the list of
 * functions (fill stacks in declaration order, areas assigned by hand) would move deployed
 * functions when a declaration is added or edited; a hash of the name never does.
 *
 * Never change this number on a deployed stage: it would move most functions. Four stacks
 * hold about 80 functions each before one reaches the 400 resources the infra tests allow
 * (test/infra/suites/limits.ts), many times what kippu declares.
 */
export const FUNCTION_STACK_COUNT = 4;

/** The stack (0 to FUNCTION_STACK_COUNT - 1) of the function with this name. */
export const functionStackIndex = (functionName: string): number =>
  createHash('sha256').update(functionName).digest().readUInt32BE(0) % FUNCTION_STACK_COUNT;
