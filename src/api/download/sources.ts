/**
 * Download plans from W&B objects: a run's files (all, a folder or some names) and an artifact
 * version's manifest entries (all, a folder or some paths), with the API call that refreshes
 * expired URLs. Plain Node: no `vscode` here.
 */
import type { WandbApi } from '../wandb-api';
import type { Page } from '../paginate';
import type { RunRef } from '../model/run';
import type { RunFile } from '../model/files';
import type { ArtifactManifest, ManifestEntry } from '../model/artifacts';
import type { DownloadItem, DownloadPlan, FileUrls } from './engine';

/** Which files: everything, those under a folder (`media/images/`), or exact names. */
export interface Selection {
  /** Folder path inside the run or artifact; with or without a trailing slash. */
  folder?: string;
  names?: string[];
}

const PAGE = 500;
/** URLs asked for per request, as the SDK does (`env.get_artifact_fetch_file_url_batch_size`). */
const URL_BATCH = 5000;
/**
 * First page of a URL listing handed over page by page: small, so downloads start early. Each
 * next page is PAGE_GROWTH times larger (up to URL_BATCH), so that the files of one page are
 * still being fetched while the next, larger page is listed: a single page of the rest would
 * leave the downloads idle while the server lists it (about 0.1 s per 1,000 URLs).
 */
const FIRST_PAGE = 100;
const PAGE_GROWTH = 4;
/** Above this many names, listing every page is cheaper than asking by name. */
const BY_NAME_LIMIT = 100;

export function inSelection(name: string, sel: Selection): boolean {
  if (sel.names) return sel.names.includes(name);
  if (sel.folder) {
    const f = sel.folder.endsWith('/') ? sel.folder : `${sel.folder}/`;
    return f === '/' || name.startsWith(f);
  }
  return true;
}

export function runFileItem(f: RunFile): DownloadItem {
  // A size of 0 without an MD5 means "unknown" (files of a live run), not "empty".
  const size = f.sizeBytes > 0 || f.md5 ? f.sizeBytes : undefined;
  return { name: f.name, size, md5: f.md5, url: f.url, directUrl: f.directUrl };
}

/** Every file of a run (paged), narrowed to the selection. */
export async function listRunFiles(api: WandbApi, ref: RunRef, sel: Selection, signal?: AbortSignal): Promise<RunFile[]> {
  const out: RunFile[] = [];
  if (sel.names) {
    for (let i = 0; i < sel.names.length; i += BY_NAME_LIMIT) {
      const names = sel.names.slice(i, i + BY_NAME_LIMIT);
      const page = await api.runFiles(ref, { first: names.length, names, signal });
      out.push(...page.items);
    }
    return out;
  }
  let after: string | undefined;
  do {
    const page = await api.runFiles(ref, { first: PAGE, after, signal });
    out.push(...page.items.filter((f) => inSelection(f.name, sel)));
    after = page.hasNextPage ? page.endCursor : undefined;
  } while (after);
  return out;
}

/** Fresh URLs for names: by name when few, else every page (a few queries for thousands). */
export function runFilesRefresher(api: WandbApi, ref: RunRef) {
  return async (names: string[], signal: AbortSignal): Promise<Map<string, FileUrls>> => {
    const files = await listRunFiles(api, ref, names.length <= BY_NAME_LIMIT ? { names } : {}, signal);
    const want = new Set(names);
    return new Map(files.filter((f) => want.has(f.name)).map((f) => [f.name, { url: f.url, directUrl: f.directUrl, md5: f.md5, size: runFileItem(f).size }]));
  };
}

/** A plan for some or all of a run's files, keeping their paths under `root`. */
export async function planRunFiles(api: WandbApi, ref: RunRef, root: string, sel: Selection, signal?: AbortSignal): Promise<DownloadPlan> {
  const files = await listRunFiles(api, ref, sel, signal);
  return { root, items: files.map(runFileItem), refreshUrls: runFilesRefresher(api, ref) };
}

/** Fresh URLs for names: by name when few, else every page (a few queries for thousands). */
export function artifactFilesRefresher(api: WandbApi, artifactId: string) {
  return (names: string[], signal: AbortSignal, onPage?: (page: Map<string, FileUrls>) => void) => artifactUrls(api, artifactId, names, signal, onPage);
}

/**
 * Download URLs of the given manifest paths (by name when few, else every page). With
 * `onPage` (a download's first listing of the URLs its plan left out), each page's URLs are
 * handed over as they arrive, the first page is short so that downloads can start early, and
 * only names and presigned URLs are asked, as the SDK's listing asks them: the manifest gave the
 * rest. Without it (a refresh), each file's full record, with the API's own URL that a fetch
 * falls back to when the storage refuses a fresh presigned one.
 */
export async function artifactUrls(
  api: WandbApi,
  artifactId: string,
  paths: string[],
  signal?: AbortSignal,
  onPage?: (page: Map<string, FileUrls>) => void,
): Promise<Map<string, FileUrls>> {
  const urls = new Map<string, FileUrls>();
  if (paths.length === 0) return urls;
  if (paths.length <= BY_NAME_LIMIT) {
    const page = await api.artifactFiles(artifactId, { first: paths.length, names: paths, signal });
    for (const f of page.items) urls.set(f.name, { url: f.url, directUrl: f.directUrl });
    return urls;
  }
  const want = new Set(paths);
  let after: string | undefined;
  let first = onPage ? FIRST_PAGE : URL_BATCH;
  do {
    const page: Page<{ name: string; url?: string; directUrl?: string }> = onPage
      ? await api.artifactFileUrls(artifactId, { first, after, signal })
      : await api.artifactFiles(artifactId, { first, after, signal });
    const got = new Map<string, FileUrls>();
    for (const f of page.items) if (want.has(f.name)) got.set(f.name, { url: f.url, directUrl: f.directUrl });
    for (const [n, u] of got) urls.set(n, u);
    onPage?.(got);
    after = page.hasNextPage ? page.endCursor : undefined;
    first = onPage ? Math.min(URL_BATCH, first * PAGE_GROWTH) : URL_BATCH;
  } while (after);
  return urls;
}

/** Base64 MD5 of zero bytes. */
const EMPTY_MD5 = '1B2M2Y8AsgTpgAmY7PhCfg==';

export function manifestItem(e: ManifestEntry, urls: FileUrls | undefined): DownloadItem {
  // A size of 0 on a non-empty digest is a manifest without sizes, not an empty file.
  const size = e.size === 0 && e.digest !== EMPTY_MD5 ? undefined : e.size;
  if (e.ref) return { name: e.path, size, ref: e.ref };
  return { name: e.path, size, md5: e.digest, url: urls?.url, directUrl: urls?.directUrl };
}

const ARTIFACT_REF = /^wandb-artifact:\/\/([0-9a-fA-F]+)\/(.+)$/;

/** A `wandb-artifact://` reference: a stored file of another artifact, its digest a real MD5. */
export function isArtifactRef(ref: string | undefined): boolean {
  return ref !== undefined && parseArtifactRef(ref) !== undefined;
}
/** References to references are followed this far (the SDK follows them until a stored file). */
const MAX_REF_HOPS = 8;

/** Where a `wandb-artifact://<hex id>/<path>` reference points: the artifact's GraphQL id and the path in it. */
export function parseArtifactRef(ref: string): { artifactId: string; path: string } | undefined {
  const m = ARTIFACT_REF.exec(ref);
  if (!m || m[1]!.length % 2 !== 0) return undefined;
  // The host is the hex of the id's bytes (`hashutil.hex_to_b64_id` turns it back).
  return { artifactId: Buffer.from(m[1]!, 'hex').toString('base64'), path: m[2]! };
}

/** A stored file of another artifact that a `wandb-artifact://` entry stands for. */
interface ResolvedRef {
  artifactId: string;
  path: string;
  entry: ManifestEntry;
}

/**
 * Follows `wandb-artifact://` references to the stored files they name, as the SDK's
 * `WBArtifactHandler.load_path` does (each referenced manifest read once). Unresolvable ones
 * stay references, and are reported as such.
 */
async function resolveArtifactRefs(api: WandbApi, entries: ManifestEntry[], signal?: AbortSignal): Promise<Map<string, ResolvedRef>> {
  const manifests = new Map<string, Promise<ArtifactManifest | undefined>>();
  const manifestOf = (id: string) => {
    let m = manifests.get(id);
    if (!m) manifests.set(id, (m = api.artifactManifest(id, signal).catch(() => undefined)));
    return m;
  };
  const out = new Map<string, ResolvedRef>();
  // Only entries that are such references: a plan of thousands of stored files makes no promise per file.
  await Promise.all(
    entries.filter((e) => e.ref?.startsWith('wandb-artifact:')).map(async (e) => {
      let at = parseArtifactRef(e.ref!);
      for (let hop = 0; at && hop < MAX_REF_HOPS; hop++) {
        const target = (await manifestOf(at.artifactId))?.entries.find((x) => x.path === at!.path);
        if (!target) return;
        if (!target.ref) {
          out.set(e.path, { artifactId: at.artifactId, path: at.path, entry: target });
          return;
        }
        at = parseArtifactRef(target.ref);
      }
    }),
  );
  return out;
}

/** Refreshes URLs of the plan's own files, and of referenced files from their own artifacts. */
function refsAwareRefresher(api: WandbApi, artifactId: string, refs: Map<string, ResolvedRef>) {
  const own = artifactFilesRefresher(api, artifactId);
  if (refs.size === 0) return own;
  return async (names: string[], signal: AbortSignal, onPage?: (page: Map<string, FileUrls>) => void): Promise<Map<string, FileUrls>> => {
    const byArtifact = new Map<string, Array<[name: string, path: string]>>();
    for (const n of names) {
      const r = refs.get(n);
      if (r) byArtifact.set(r.artifactId, [...(byArtifact.get(r.artifactId) ?? []), [n, r.path]]);
    }
    const all = new Map<string, FileUrls>();
    const pending = names.filter((n) => !refs.has(n));
    const ownUrls = pending.length ? own(pending, signal, onPage) : Promise.resolve(new Map<string, FileUrls>());
    await Promise.all(
      [...byArtifact].map(async ([id, pairs]) => {
        const urls = await artifactUrls(api, id, pairs.map(([, p]) => p), signal);
        const page = new Map<string, FileUrls>();
        for (const [n, p] of pairs) {
          const u = urls.get(p);
          if (u) page.set(n, u);
        }
        for (const [n, u] of page) all.set(n, u);
        onPage?.(page);
      }),
    );
    for (const [n, u] of await ownUrls) all.set(n, u);
    return all;
  };
}

/** A plan for some or all of an artifact version's files (URLs fetched when needed); also returns the manifest (for Verify). */
export async function planArtifact(
  api: WandbApi,
  artifactId: string,
  root: string,
  sel: Selection,
  signal?: AbortSignal,
): Promise<{ plan: DownloadPlan; manifest: ArtifactManifest }> {
  const manifest = await api.artifactManifest(artifactId, signal);
  const plan = await planEntries(api, artifactId, root, manifest.entries.filter((e) => inSelection(e.path, sel)), signal);
  return { manifest, plan };
}

/** These paths of an artifact version (files found missing or changed). */
export async function planArtifactPaths(api: WandbApi, artifactId: string, root: string, paths: string[], signal?: AbortSignal): Promise<DownloadPlan> {
  const manifest = await api.artifactManifest(artifactId, signal);
  const wanted = new Set(paths);
  const entries = manifest.entries.filter((e) => wanted.has(e.path));
  // Few files, all of them wanted: their own URLs come with the plan.
  const urls = await artifactUrls(api, artifactId, entries.filter((e) => !e.ref).map((e) => e.path), signal);
  return planEntries(api, artifactId, root, entries, signal, urls);
}

async function planEntries(
  api: WandbApi,
  artifactId: string,
  root: string,
  entries: ManifestEntry[],
  signal?: AbortSignal,
  urls?: Map<string, FileUrls>,
): Promise<DownloadPlan> {
  const refs = await resolveArtifactRefs(api, entries, signal);
  // Without URLs, the engine asks for them only for files that are not already on disk. A
  // resolved reference is the stored file it names, under this artifact's path.
  const items = entries.map((e) => {
    const r = refs.get(e.path);
    return r ? manifestItem({ ...r.entry, path: e.path }, undefined) : manifestItem(e, urls?.get(e.path));
  });
  return { root, items, refreshUrls: refsAwareRefresher(api, artifactId, refs) };
}

/** The Python line that uses this artifact in a run. */
export function usageSnippet(a: { entity: string; project: string; collection: string; alias: string }): string {
  return `run.use_artifact("${a.entity}/${a.project}/${a.collection}:${a.alias}")`;
}
