/**
 * A run's files by name, for what the panels show of them: image thumbnails, the Media tab's
 * cards, table previews. A remote run's come from W&B (one lookup, then a GET each); a local
 * run's from its folder on disk (local-run-source.ts), so the same panel code shows both.
 */
import { WandbError } from '../api/errors';
import type { RunRef } from '../api/model/run';
import type { WandbApi } from '../api/wandb-api';

/** Each name's bytes, or the error that says why the panel cannot have them. */
export type RunFileBytes = Map<string, Buffer | WandbError>;

export interface RunFileReader {
  /** Reads `names` (each at most `maxBytes`; larger ones are refused unread). */
  read(names: readonly string[], maxBytes: number, signal?: AbortSignal): Promise<RunFileBytes>;
}

export const notAmongFiles = () => new WandbError('notFound', "not among the run's files");
export const tooLargeToShow = (bytes: number) => new WandbError('badRequest', `too large to show (${Math.max(1, Math.round(bytes / 1_000_000))} MB)`);

/** A remote run's files: one lookup for all the names, then one GET each, side by side. */
export function remoteRunFiles(api: WandbApi, ref: RunRef, label = 'GET media'): RunFileReader {
  return {
    async read(names, maxBytes, signal) {
      const out: RunFileBytes = new Map();
      const page = await api.runFiles(ref, { first: names.length, names: [...names], signal });
      const found = new Map(page.items.map((f) => [f.name, f]));
      await Promise.all(
        names.map(async (name) => {
          const f = found.get(name);
          const url = f?.url ?? f?.directUrl;
          if (!f || !url) return void out.set(name, notAmongFiles());
          if (f.sizeBytes > maxBytes) return void out.set(name, tooLargeToShow(f.sizeBytes));
          try {
            const res = await api.client.get(url, { signal, label });
            out.set(name, Buffer.from(await res.arrayBuffer()));
          } catch (e) {
            out.set(name, e instanceof WandbError ? e : new WandbError('network', e instanceof Error ? e.message : String(e)));
          }
        }),
      );
      return out;
    },
  };
}

/** One file through a reader: its bytes, or its error thrown. */
export async function readOne(files: RunFileReader, name: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  const got = (await files.read([name], maxBytes, signal)).get(name) ?? notAmongFiles();
  if (got instanceof WandbError) throw got;
  return got;
}
