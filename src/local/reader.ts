// The run folder reader (log framing, protobuf records, the accumulator, config.yaml) is only
// needed once the workspace has run folders. The production build ships it as its own file,
// dist/local-reader.js (see scripts/build.mjs), and this loads it on first use, so activation
// and discovery never pay for it.
import type * as RunFolderModule from './run-folder';

let loaded: Promise<typeof RunFolderModule> | undefined;

/** The `run-folder` module (LocalRunFolder), loaded on first call. */
export function runFolderModule(): Promise<typeof RunFolderModule> {
  return (loaded ??= import('./run-folder'));
}
