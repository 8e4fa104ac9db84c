/**
 * The runs table's reads: requests before the first rows show (keys, then the first page), the
 * first page's bytes against the same runs with their whole config and summary, and requests to
 * sort by a config column. The client is the extension's own code (`readRunKeys`,
 * `readRunsTablePage`, the panel's default columns).
 */
import { readRunKeys } from '../src/api/run-keys';
import { onDemandVars, readRunsTablePage } from '../src/api/runs-table';
import { fetchKeys, orderKey, type RunColumn } from '../src/api/run-columns';
import { RUN_LIGHT, RUNS_TABLE } from '../src/api/queries';
import { defaultColumns } from '../src/webviews/runs-table-model';
import { parseColumnId } from '../src/webviews/runs-table-protocol';
import { onDemandFields } from '../src/webviews/runs-table-rows';
import { DEMO_PROJECT, DEMO_USER } from '../test/server/demo-names';
import { figure, type Figure } from './figure';
import { BENCH } from './names';
import type { BenchServer } from './server-proc';
import { makeApi, postGraphql } from './tree';

const FIRST_PAGE = 100;

/** The runs page with every config and summary key: what a table that fetched everything would read. */
const FULL_PAGE = `
query RunsTableFull($entity: String!, $project: String!, $order: String, $first: Int!) {
  project(name: $project, entityName: $entity) {
    runs(order: $order, first: $first) { edges { cursor node { ${RUN_LIGHT} config summaryMetrics } } pageInfo { endCursor hasNextPage } }
  }
}`;

/**
 * The least any GraphQL query can ask for the default columns of a first page: the six fixed
 * columns shown by default (state, name, created, runtime, user, tags; group, job type and notes
 * left out), the same config and summary keys, every field and connection aliased to one
 * letter, and no per-edge cursor. Not a query the extension could use as is (W&B's own client
 * pages by the last edge's cursor); it is the floor the judged figure is compared with.
 */
const LEAST_PAGE = `
query RunsTableLeast($entity: String!, $project: String!, $order: String, $first: Int!, $configKeys: [String!], $summaryKeys: [String!]) {
  project(name: $project, entityName: $entity) {
    r: runs(order: $order, first: $first) { e: edges { n: node { n: name d: displayName s: state c: createdAt h: heartbeatAt t: tags u: user { n: username } C: config(keys: $configKeys) S: summaryMetrics(keys: $summaryKeys) } } p: pageInfo { e: endCursor h: hasNextPage } }
  }
}`;

type Body = { data?: unknown };
/** The config strings of a page, wherever its query put them. */
const leastConfigs = (b: Body) => (b.data as { project: { r: { e: Array<{ n: { C: string | null } }> } } }).project.r.e.map((e) => e.n.C);
const shownConfigs = (b: Body) => (b.data as { project: { runs: { edges: Array<{ node: { cf?: string | null } }> } } }).project.runs.edges.map((e) => e.node.cf);
const fullConfigs = (b: Body) => (b.data as { project: { runs: { edges: Array<{ node: { config?: string | null } }> } } }).project.runs.edges.map((e) => e.node.config);

/**
 * Bytes the `{key: {value}}` wrapper W&B stores config values in adds to a page's config strings:
 * each string as sent against the same values as a plain `{key: value}` string.
 */
function configWrapperBytes(configs: Array<string | null | undefined>): number {
  let extra = 0;
  for (const c of configs) {
    if (!c) continue;
    const wrapped = JSON.parse(c) as Record<string, { value?: unknown }>;
    const plain = Object.fromEntries(Object.entries(wrapped).map(([k, v]) => [k, v?.value]));
    extra += JSON.stringify(c).length - JSON.stringify(JSON.stringify(plain)).length;
  }
  return extra;
}

/** `, "desc": null` as sent inside a JSON string: what SDKs before wandb-core add to every config key. */
const DESC_BYTES = JSON.stringify(', "desc": null').length - 2;

/**
 * Bytes the same config strings would carry if the runs had been logged by an SDK before
 * wandb-core, whose Python sender stores every key as `{desc: null, value}`
 * (`wandb/sdk/internal/sender_config.py` `ConfigState.to_backend_dict`); wandb-core stores `{value}`.
 */
function preCoreDescBytes(configs: Array<string | null | undefined>): number {
  let keys = 0;
  for (const c of configs) {
    if (!c) continue;
    keys += Object.values(JSON.parse(c) as Record<string, unknown>).filter((v) => v && typeof v === 'object' && !('desc' in v)).length;
  }
  return keys * DESC_BYTES;
}

function valueColumns(ids: string[]): RunColumn[] {
  return ids.map(parseColumnId).flatMap((c) => (c && c.source !== 'run' ? [{ source: c.source, key: c.key }] : []));
}

export async function runsTableFigures(server: BenchServer, log: (s: string) => void): Promise<Figure[]> {
  const api = makeApi(server);
  const apiRequests = async () => (await server.requestLog(true)).filter((r) => r.origin === 'api').length;

  // Opening the table on the 10,000-run project, as the panel does: keys, then the first page.
  await server.requestLog(true);
  const { keys } = await readRunKeys(api, { entity: DEMO_USER, project: BENCH.bigProject });
  const columns = valueColumns(defaultColumns(keys));
  const first = await readRunsTablePage(api, { entity: DEMO_USER, project: BENCH.bigProject, order: '-created_at', columns }, { first: FIRST_PAGE });
  const openRequests = await apiRequests();
  log(`runs table: ${openRequests} requests before ${first.items.length} rows (${keys.length} keys)`);

  // Sorting by a config column: one request, the server sorts all 10,000 runs.
  const lr: RunColumn = { source: 'config', key: 'lr' };
  const sorted = await readRunsTablePage(api, { entity: DEMO_USER, project: BENCH.bigProject, order: orderKey(lr, true)!, columns: [lr] }, { first: FIRST_PAGE });
  const sortRequests = await apiRequests();

  // First-page bytes on the demo's 1,200-run project (nested configs, many metrics).
  const demoKeys = (await readRunKeys(api, { entity: DEMO_USER, project: DEMO_PROJECT })).keys;
  const demoColumns = valueColumns(defaultColumns(demoKeys));
  const vars = { entity: DEMO_USER, project: DEMO_PROJECT, order: '-created_at', first: FIRST_PAGE };
  // As the panel asks: notes, group and job type only when the default columns show them.
  const fieldVars = onDemandVars(onDemandFields(defaultColumns(demoKeys)));
  const shown = await postGraphql(server, RUNS_TABLE.text, { ...vars, filters: null, after: null, withCount: true, ...fieldVars, ...fetchKeys(demoColumns) });
  const full = await postGraphql(server, FULL_PAGE, vars);
  const light = await postGraphql(server, RUNS_TABLE.text, { ...vars, filters: null, after: null, withCount: true, ...fieldVars, configKeys: [], summaryKeys: [] });
  const least = await postGraphql(server, LEAST_PAGE, { ...vars, ...fetchKeys(demoColumns) });
  const leastNoValues = await postGraphql(server, LEAST_PAGE, { ...vars, configKeys: [], summaryKeys: [] });
  if (least.body.errors) throw new Error(`runs table floor page failed: ${JSON.stringify(least.body.errors)}`);
  const wrapperBytes = configWrapperBytes(leastConfigs(least.body));
  // The same pages as runs logged before wandb-core would answer them (a `desc` on every config key).
  const preCore = { shown: shown.bytes + preCoreDescBytes(shownConfigs(shown.body)), full: full.bytes + preCoreDescBytes(fullConfigs(full.body)), least: least.bytes + preCoreDescBytes(leastConfigs(least.body)) };
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  const valuesRatio = Math.round(((shown.bytes - light.bytes) / (full.bytes - light.bytes)) * 1000) / 1000;
  if (shown.body.errors || full.body.errors) throw new Error(`runs table page failed: ${JSON.stringify(shown.body.errors ?? full.body.errors)}`);
  log(`runs table: first page ${shown.bytes} B with ${demoColumns.length} value columns (${light.bytes} B without), ${full.bytes} B with whole config and summary; floor ${least.bytes} B (${leastNoValues.bytes} B without values, ${wrapperBytes} B of config wrappers); as runs logged before wandb-core: ${preCore.shown} / ${preCore.full} B, floor ${preCore.least} B`);

  return [
    figure({
      id: 'table.requestsBeforeFirstRows',
      group: 8,
      title: 'Runs table on 10,000 runs: requests before the first rows (keys + first page)',
      value: openRequests,
      unit: 'requests',
      goal: { op: '<=', target: 2 },
      detail: { rows: first.items.length, keys: keys.length, total: first.totalCount },
    }),
    figure({
      id: 'table.firstPageBytesRatio',
      group: 8,
      title: "Runs table first page (100 runs, default columns) bytes / same runs with whole config and summary (demo's 1,200-run project)",
      value: ratio(shown.bytes, full.bytes),
      unit: 'ratio',
      goal: { op: '<=', target: 0.25 },
      detail: {
        shownBytes: shown.bytes,
        fullBytes: full.bytes,
        noValueColumnsBytes: light.bytes,
        valueColumns: demoColumns.map((c) => `${c.source}:${c.key}`),
        preCoreSdkShownBytes: preCore.shown,
        preCoreSdkFullBytes: preCore.full,
        preCoreSdkRatio: ratio(preCore.shown, preCore.full),
      },
      note: 'The demo runs carry ~1.1 KB of config and summary each; the fixed columns alone (no config or summary) weigh noValueColumnsBytes. Config values arrive as W&B stores them for wandb-core SDKs (the demo runs say 0.19.8): {key: {value}} inside a JSON string. Runs logged by SDKs before wandb-core also store desc: null on every key; preCoreSdk* are the same pages with it (16 B a key added to the measured pages). The floor is table.firstPageLeastBytesRatio, next row.',
    }),
    figure({
      id: 'table.firstPageLeastBytesRatio',
      group: 8,
      title: 'Runs table first page: the least any query can ask for the same default columns (one-letter keys, no edge cursors, no group/job type/notes) / same runs with whole config and summary',
      value: ratio(least.bytes, full.bytes),
      unit: 'ratio',
      goal: undefined,
      detail: {
        leastBytes: least.bytes,
        leastFixedColumnsOnlyBytes: leastNoValues.bytes,
        valueColumnsBytes: least.bytes - leastNoValues.bytes,
        valueColumnsOverFull: Math.round(((least.bytes - leastNoValues.bytes) / full.bytes) * 1000) / 1000,
        configWrapperBytes: wrapperBytes,
        fullBytes: full.bytes,
        preCoreSdkRatio: ratio(preCore.least, preCore.full),
      },
      note: 'The floor of the judged figure. The schema narrows config and summary only by top-level keys (config(keys:), summaryMetrics(keys:), both used); nothing leaves out the {value} wrapper W&B stores every config value in (configWrapperBytes of the value columns). preCoreSdkRatio: the floor for the same runs logged by an SDK before wandb-core ({desc: null, value} on every config key).',
    }),
    figure({
      id: 'table.firstPageValueBytesRatio',
      group: 8,
      title: 'Runs table first page: config+summary bytes of the default columns / whole config and summary (same runs)',
      value: valuesRatio,
      unit: 'ratio',
      goal: undefined,
      detail: { shownValueBytes: shown.bytes - light.bytes, fullValueBytes: full.bytes - light.bytes },
    }),
    figure({
      id: 'table.requestsToSortByConfig',
      group: 8,
      title: 'Runs table on 10,000 runs: requests to sort by a config column',
      value: sortRequests,
      unit: 'requests',
      goal: { op: '<=', target: 1 },
      detail: { rows: sorted.items.length },
    }),
  ];
}
