import { expect } from 'vitest';
import { WandbError } from '../../src/api/errors';

/** Awaits a call that must fail, checks it failed with a WandbError, and returns that error. */
export async function failure(p: Promise<unknown>): Promise<WandbError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WandbError);
    return e as WandbError;
  }
  throw new Error('expected the call to fail');
}
