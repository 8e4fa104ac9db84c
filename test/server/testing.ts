/* eslint-disable @typescript-eslint/no-explicit-any -- raw GraphQL JSON answers are untyped on purpose */
/**
 * Small helpers for tests that talk to the dev server over raw HTTP (no API client).
 */
import type { DevServer } from './index.js';
import { wbParse } from './wbjson.js';

export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed body (null when it was not JSON). */
  body: { data?: T; errors?: { message: string; path?: (string | number)[] }[] } & Record<string, unknown>;
  text: string;
}

export function basicAuth(apiKey: string, user = 'api'): string {
  return 'Basic ' + Buffer.from(`${user}:${apiKey}`).toString('base64');
}

/** POST a GraphQL document with the server's key (or `opts.apiKey`; `null` = no header). */
export async function gql<T = any>(
  srv: Pick<DevServer, 'baseUrl' | 'apiKey'>,
  query: string,
  variables?: Record<string, unknown>,
  opts: { apiKey?: string | null; operationName?: string; headers?: Record<string, string> } = {},
): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
  const key = opts.apiKey === undefined ? srv.apiKey : opts.apiKey;
  if (key !== null) headers.authorization = basicAuth(key);
  const res = await fetch(`${srv.baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables, ...(opts.operationName ? { operationName: opts.operationName } : {}) }),
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/** gql() that throws unless the answer is 200 without errors; returns `data`. */
export async function gqlData<T = any>(srv: Pick<DevServer, 'baseUrl' | 'apiKey'>, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await gql<T>(srv, query, variables);
  if (r.status !== 200 || r.body?.errors) throw new Error(`GraphQL ${r.status}: ${r.text.slice(0, 500)}`);
  return r.body.data as T;
}

/** Parse W&B JSON strings (config, summaryMetrics, history rows) that may hold bare NaN. */
export const parseWandbJson = wbParse;
