/**
 * The download engine as the extension runs it: `src/api/download/engine.ts`, the client that
 * fetches file bodies and the two caches it is given, bundled by esbuild with the release
 * build's options (scripts/build.mjs `extension`, minified) into bench/.tmp and loaded from
 * there. Run from the sources through tsx instead, every function carries tsx's keepNames
 * helper (`__name`), which alone cost the 2,000-file figures several percent of their time.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = fileURLToPath(new URL('./.tmp/engine-bundle/', import.meta.url));

/** What the bench takes from the bundle: the same names as in the sources. */
export interface EngineBundle {
  downloadFiles: typeof import('../src/api/download/engine').downloadFiles;
  WandbClient: typeof import('../src/api/client').WandbClient;
  FileChecksumCache: typeof import('../src/api/download/checksum-cache').FileChecksumCache;
  SdkArtifactCache: typeof import('../src/api/download/sdk-cache').SdkArtifactCache;
}

const ENTRY = `
export { downloadFiles } from './src/api/download/engine';
export { WandbClient } from './src/api/client';
export { FileChecksumCache } from './src/api/download/checksum-cache';
export { SdkArtifactCache } from './src/api/download/sdk-cache';
`;

/** Builds the bundle (a second or so) and loads it. */
export async function buildEngineBundle(): Promise<EngineBundle> {
  // @ts-expect-error plain ESM script without types
  const { extension } = (await import('../scripts/build.mjs')) as { extension: esbuild.BuildOptions };
  await esbuild.build({
    ...extension,
    // As `node scripts/build.mjs --production`.
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    plugins: [],
    entryPoints: undefined,
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'engine-bundle.ts' },
    outdir: undefined,
    outfile: `${OUT}engine.js`,
  });
  return createRequire(import.meta.url)(`${OUT}engine.js`) as EngineBundle;
}
