/** One positional write of several buffers that never stops short. */
import type { FileHandle } from 'node:fs/promises';

/** Writes `bufs` at `position`, all of them (a short write continues where it stopped). */
export async function writeAll(handle: Pick<FileHandle, 'write' | 'writev'>, bufs: Uint8Array[], position: number): Promise<void> {
  let total = 0;
  for (const b of bufs) total += b.byteLength;
  if (total === 0) return;
  const first = bufs.length === 1 ? await handle.write(bufs[0]!, 0, total, position) : await handle.writev(bufs, position);
  let done = first.bytesWritten;
  if (done === total) return;
  const rest = Buffer.concat(bufs);
  while (done < total) done += (await handle.write(rest, done, total - done, position + done)).bytesWritten;
}
