/**
 * Load a fixture directory (`--data DIR`) into a Store: the format documented in README.md
 * ("Fixture directory format"), or plain W&B run folders (`run-folders.ts`).
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lazyBlob, mimeFor } from './blob.js';
import { arrayHistory, Store, type ProjectRec, type Row, type RunRec } from './model.js';
import { parseWbDate, wbParse } from './wbjson.js';
import { holdsRunFolders, loadRunFolders } from './run-folders.js';
import { toYaml } from './yaml.js';
import { configYaml, wrapConfigValues } from './run-config.js';

type Obj = Record<string, unknown>;

function readJson(path: string): Obj {
  try {
    return wbParse(readFileSync(path, 'utf8')) as Obj;
  } catch (e) {
    throw new Error(`fixture ${path}: ${(e as Error).message}`);
  }
}

function readJsonl(path: string): Row[] {
  if (!existsSync(path)) return [];
  const rows: Row[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        rows.push(wbParse(line) as Row);
      } catch (e) {
        throw new Error(`fixture ${path} line ${i + 1}: ${(e as Error).message}`);
      }
    });
  return rows;
}

/** ISO string (zone-less = UTC), unix seconds, or milliseconds. */
function time(v: unknown, fallback: number): number {
  if (typeof v === 'string') {
    const t = parseWbDate(v);
    return Number.isNaN(t) ? fallback : t;
  }
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  return fallback;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...listFiles(p, `${prefix}${e}/`));
    else if (st.isFile()) out.push(`${prefix}${e}`);
  }
  return out;
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((e) => !e.startsWith('.') && lstatSync(join(dir, e)).isDirectory())
    .sort();
}

/** Loads a fixture directory; `now` stands in for dates the files leave out. */
export async function loadFixtureDir(dir: string, now: number = Date.now()): Promise<Store> {
  if (!existsSync(dir)) throw new Error(`fixture directory not found: ${dir}`);
  // A user's own run folders (their `wandb/` folder, a project folder, one run) as exported.
  if (holdsRunFolders(dir)) return loadRunFolders(dir, now);
  const store = new Store();
  const server: Obj = existsSync(join(dir, 'server.json')) ? readJson(join(dir, 'server.json')) : {};
  for (const u of (server.users as Obj[] | undefined) ?? []) {
    const username = String(u.username);
    store.addUser({
      username,
      name: str(u.name) ?? username,
      email: str(u.email) ?? `${username}@example.com`,
      entity: str(u.entity) ?? username,
      teams: ((u.teams as string[] | undefined) ?? []).map(String),
      createdAt: time(u.createdAt, now),
    });
  }
  for (const t of (server.teams as Obj[] | undefined) ?? []) {
    store.addEntity({ name: String(t.name), isTeam: true, createdAt: time(t.createdAt, now), members: ((t.members as string[] | undefined) ?? []).map(String) });
    for (const m of (t.members as string[] | undefined) ?? []) {
      const u = store.users.get(m);
      if (u && !u.teams.includes(String(t.name))) u.teams.push(String(t.name));
    }
  }
  const entityDirs = subdirs(dir);
  const viewerName = str(server.viewer) ?? store.users.keys().next().value ?? entityDirs[0] ?? 'dev-user';
  if (!store.users.has(viewerName)) {
    store.addUser({ username: viewerName, name: viewerName, email: `${viewerName}@example.com`, entity: viewerName, teams: [], createdAt: now });
  }
  store.viewer = store.users.get(viewerName)!;

  const pendingUse: { run: RunRec; project: ProjectRec; uses: Obj[] }[] = [];
  for (const entity of entityDirs) {
    for (const projName of subdirs(join(dir, entity))) {
      const pdir = join(dir, entity, projName);
      const pj: Obj = existsSync(join(pdir, 'project.json')) ? readJson(join(pdir, 'project.json')) : {};
      const project = store.addProject({
        name: projName,
        entity,
        description: str(pj.description),
        createdAt: time(pj.createdAt, now),
        username: str(pj.user) ?? viewerName,
      });
      if (!store.entities.get(entity)?.isTeam && store.users.has(entity)) {
        // user entity, created by addUser
      }
      for (const runName of subdirs(join(pdir, 'runs'))) {
        const rdir = join(pdir, 'runs', runName);
        const rj: Obj = existsSync(join(rdir, 'run.json')) ? readJson(join(rdir, 'run.json')) : {};
        const history = readJsonl(join(rdir, 'history.jsonl'));
        const events = readJsonl(join(rdir, 'events.jsonl'));
        const createdAt = time(rj.createdAt, project.createdAt);
        const run = store.addRun(project, {
          name: runName,
          displayName: str(rj.displayName) ?? runName,
          state: str(rj.state) ?? 'finished',
          createdAt,
          heartbeatAt: time(rj.heartbeatAt, createdAt),
          updatedAt: time(rj.updatedAt ?? rj.heartbeatAt, createdAt),
          username: str(rj.user) ?? viewerName,
          tags: ((rj.tags as unknown[] | undefined) ?? []).map(String),
          group: str(rj.group),
          jobType: str(rj.jobType),
          notes: str(rj.notes),
          description: str(rj.description),
          sweepName: str(rj.sweepName),
          host: str(rj.host),
          commit: str(rj.commit),
          exitcode: typeof rj.exitcode === 'number' ? rj.exitcode : null,
          config: wrapConfigValues((rj.config as Obj | undefined) ?? {}),
          summary: (rj.summary as Obj | undefined) ?? (history.length ? { ...history[history.length - 1] } : {}),
          systemMetrics: (rj.systemMetrics as Obj | undefined) ?? {},
          history: arrayHistory(history),
          events: arrayHistory(events),
        });
        const fdir = join(rdir, 'files');
        const names = listFiles(fdir);
        run.files = store.runFiles(run, () => {
          const files = names.map((name) => ({ name, blob: lazyBlob(() => readFileSync(join(fdir, name)), mimeFor(name)) }));
          if (!names.includes('config.yaml') && Object.keys(run.config).length) {
            files.push({ name: 'config.yaml', blob: lazyBlob(() => configYaml(run.config), 'text/plain') });
          }
          return files;
        });
        if (Array.isArray(rj.uses)) pendingUse.push({ run, project, uses: rj.uses as Obj[] });
      }
      for (const collName of subdirs(join(pdir, 'artifacts'))) {
        const cdir = join(pdir, 'artifacts', collName);
        const cj: Obj = existsSync(join(cdir, 'collection.json')) ? readJson(join(cdir, 'collection.json')) : {};
        const versions = subdirs(cdir)
          .filter((v) => /^v\d+$/.test(v))
          .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
        const coll = store.addCollection(project, str(cj.type) ?? 'dataset', collName, time(cj.createdAt, project.createdAt), str(cj.description));
        for (const v of versions) {
          const vdir = join(cdir, v);
          const vj: Obj = existsSync(join(vdir, 'artifact.json')) ? readJson(join(vdir, 'artifact.json')) : {};
          const fdir = join(vdir, 'files');
          const createdBy = str(vj.createdBy);
          store.addArtifactVersion(coll, {
            createdAt: time(vj.createdAt, coll.createdAt),
            description: str(vj.description),
            metadata: (vj.metadata as Obj | undefined) ?? {},
            aliases: ((vj.aliases as unknown[] | undefined) ?? []).map(String),
            files: listFiles(fdir).map((path) => {
              const buf = readFileSync(join(fdir, path));
              return { path, blob: lazyBlob(() => buf, mimeFor(path)) };
            }),
            refs: ((vj.references as Obj[] | undefined) ?? []).map((r) => ({
              path: String(r.path),
              ref: String(r.ref),
              size: Number(r.size ?? 0),
              etag: String(r.etag ?? r.digest ?? ''),
            })),
            createdBy: createdBy ? project.runsByName.get(createdBy) ?? null : null,
          });
        }
      }
      for (const f of listFiles(join(pdir, 'sweeps')).filter((x) => x.endsWith('.json'))) {
        const sj = readJson(join(pdir, 'sweeps', f));
        const name = f.replace(/\.json$/, '');
        const runNames = ((sj.runs as unknown[] | undefined) ?? []).map(String);
        for (const rn of runNames) {
          const r = project.runsByName.get(rn);
          if (r) r.sweepName = name;
        }
        const runs = () => project.runs.filter((r) => r.sweepName === name);
        project.sweeps.set(name, {
          id: Buffer.from(`Sweep:${name}`).toString('base64'),
          name,
          displayName: str(sj.displayName) ?? name,
          method: str(sj.method) ?? 'random',
          state: str(sj.state) ?? 'FINISHED',
          config: typeof sj.config === 'string' ? sj.config : toYaml(sj.config ?? {}),
          createdAt: time(sj.createdAt, project.createdAt),
          heartbeatAt: time(sj.heartbeatAt ?? sj.createdAt, project.createdAt),
          bestLoss: typeof sj.bestLoss === 'number' ? sj.bestLoss : null,
          project,
          username: str(sj.user) ?? viewerName,
          runs,
        });
      }
      for (const f of listFiles(join(pdir, 'reports')).filter((x) => x.endsWith('.json'))) {
        const vj = readJson(join(pdir, 'reports', f));
        const name = f.replace(/\.json$/, '');
        const createdAt = time(vj.createdAt, project.createdAt);
        project.views.push({
          id: Buffer.from(`View:${name}`).toString('base64'),
          name,
          displayName: str(vj.displayName) ?? name,
          description: str(vj.description) ?? '',
          type: str(vj.type) ?? 'runs',
          spec: (vj.spec as Obj | undefined) ?? {},
          createdAt,
          updatedAt: time(vj.updatedAt, createdAt),
          username: str(vj.user) ?? viewerName,
          project,
        });
      }
      project.updatedAt = Math.max(project.createdAt, ...project.runs.map((r) => r.updatedAt));
    }
  }
  // Artifact uses need every collection loaded first.
  for (const { run, project, uses } of pendingUse) {
    for (const u of uses) {
      const name = String(u.artifact ?? '');
      const idx = name.lastIndexOf(':');
      const coll = project.collections.get(idx >= 0 ? name.slice(0, idx) : name);
      const art = coll ? store.resolveVersion(coll, idx >= 0 ? name.slice(idx + 1) : 'latest') : null;
      if (!art) throw new Error(`fixture run ${run.name}: uses unknown artifact ${name}`);
      store.useArtifact(run, art, u.as ? [String(u.as)] : []);
    }
  }
  return store;
}
