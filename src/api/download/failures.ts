/**
 * Why a file of a download failed, as values the report can show: the errors the engine's parts
 * throw among themselves and their translation into a failure kind and a reason.
 */
import { WandbError } from '../errors';
import { UnsafePathError } from './safe-fs';
import type { FailureKind } from './types';

/** A file's bytes did not match what W&B says they are. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

/** What an attempt whose bytes have another MD5 than W&B's fails with. */
export function md5Mismatch(expected: Buffer, received: Buffer): IntegrityError {
  return new IntegrityError(`MD5 mismatch: expected ${expected.toString('base64')}, received ${received.toString('base64')}`);
}

/** A failure that ends this file's attempts with a reason for the report. */
export class FileFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export function toFailure(e: unknown): { kind: FailureKind; reason: string } {
  if (e instanceof FileFailure) return { kind: e.kind, reason: e.message };
  if (e instanceof UnsafePathError) return { kind: 'unsafeName', reason: `refused: ${e.message}` };
  if (e instanceof WandbError) return { kind: e.kind === 'network' ? 'network' : 'http', reason: e.message };
  if (isNodeFsError(e)) return { kind: 'disk', reason: (e as Error).message };
  return { kind: 'http', reason: e instanceof Error ? e.message : String(e) };
}

/** An error of the local file system (ENOSPC, EACCES...), as opposed to one of the network. */
export function isNodeFsError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** The host to name in a network error. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}
