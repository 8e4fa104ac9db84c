/**
 * Test data shaped as the API layer returns it: runs, projects and pages. One place, so a field
 * added to a model changes one builder, not every test that needs a run.
 */
import type { Project } from '../../src/api/model/entities';
import type { RunSummary } from '../../src/api/model/run';
import type { Page } from '../../src/api/paginate';
import type { Columns } from '../../src/webviews/protocol';

/** Run number `i` of `alice/mnist` (`r<i>`, finished, untagged); `over` wins. */
export function aRun(i: number, over: Partial<RunSummary> = {}): RunSummary {
  return { id: `id${i}`, entity: 'alice', project: 'mnist', runId: `r${i}`, displayName: `run-${i}`, state: 'finished', tags: [], ...over };
}

/** Project `name` of `alice`; `over` wins. */
export function aProject(name: string, over: Partial<Project> = {}): Project {
  return { id: `project-${name}`, name, entity: 'alice', ...over };
}

/** The page of `all` after cursor `after` (numeric offsets), as a W&B connection pages. */
export function pageOf<T>(all: T[], first: number, after?: string, total = all.length): Page<T> {
  const start = after ? Number(after) : 0;
  const items = all.slice(start, start + first);
  return { items, endCursor: String(start + items.length), hasNextPage: start + items.length < all.length, totalCount: after ? undefined : total };
}

/** A page holding `items`, reporting `total` and whether more follow. */
export function aPage<T>(items: T[], total: number, hasNextPage: boolean): Page<T> {
  return { items, endCursor: hasNextPage ? 'c' : undefined, hasNextPage, totalCount: total };
}

/** History columns as the panels hold them (Float64Array, NaN for no value) from plain arrays. */
export function historyColumns(plain: Record<string, ReadonlyArray<number | null>>): Columns {
  const out: Columns = {};
  for (const [k, v] of Object.entries(plain)) out[k] = Float64Array.from(v, (x) => (x === null ? NaN : x));
  return out;
}

/** History columns back to plain arrays with null for no value, for readable assertions. */
export function plainColumns(c: Columns): Record<string, Array<number | null>> {
  const out: Record<string, Array<number | null>> = {};
  for (const [k, v] of Object.entries(c)) out[k] = Array.from(v, (x) => (x === x ? x : null));
  return out;
}
