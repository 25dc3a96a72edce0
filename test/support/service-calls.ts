/**
 * Calling services in tests as the front ends do: the input checked (and defaulted) by the channel's
 * contract first, as main does before a service sees it; and the refusal a call must end with.
 */
import assert from 'node:assert/strict';
import { CertwrightError } from '../../shared/errors.js';
import type { Channel, Input, ValidInput } from '../../shared/ipc/contract.js';
import { parseInput } from '../../shared/ipc/validate.js';

/** A channel's input checked (and defaulted) by the contract. */
export function valid<C extends Channel>(channel: C, input: Input<C>): ValidInput<C> {
  const parsed = parseInput(channel, input);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

/** The CertwrightError a call ended with (it must end with one). */
export async function failure(work: () => Promise<unknown>): Promise<CertwrightError> {
  try {
    await work();
  } catch (error) {
    assert.ok(error instanceof CertwrightError, `not a CertwrightError: ${String((error as Error).stack ?? error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}
