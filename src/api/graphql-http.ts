/**
 * GraphQL over HTTP, the two ends the client needs: the POST body it sends and the reading of
 * the answer. The documents are fixed strings with their operation names already known
 * (`defineDocument`), so nothing here parses or prints GraphQL.
 */
import type { Document } from './queries/document';

/** The headers of every GraphQL POST besides auth and User-Agent (as graphql-request sent them). */
export const GRAPHQL_POST_HEADERS = {
  Accept: 'application/graphql-response+json, application/json',
  'Content-Type': 'application/json',
} as const;

/** The JSON body of one operation, exactly as the client posts it. */
export function graphqlBody<TVars>(doc: Document<unknown, TVars>, variables: TVars): string {
  return JSON.stringify({ query: doc.text, variables, operationName: doc.operationName });
}

/** One GraphQL answer: `data` and `errors` as the server sent them (checked to be the right shape). */
export interface GraphqlAnswer<TData> {
  data?: TData | null;
  errors?: ReadonlyArray<{ message: string }>;
}

/** Thrown when a 2xx body is not a GraphQL answer (HTML login page, plain text, wrong shape). */
export class NotGraphql extends Error {}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a successful answer's body: it must be declared JSON and be one GraphQL result object
 * (`data` an object or null, `errors` a list, `extensions` an object, each when present).
 */
export function readGraphqlAnswer<TData>(text: string, contentType: string | null): GraphqlAnswer<TData> {
  const type = contentType?.toLowerCase() ?? '';
  if (!type.includes('application/json') && !type.includes('application/graphql-response+json')) {
    throw new NotGraphql(`the answer is ${contentType ?? 'untyped'}, not JSON`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new NotGraphql('the answer is not valid JSON', { cause: e });
  }
  if (!isPlainObject(parsed)) throw new NotGraphql('the answer is not a JSON object');
  const { data, errors, extensions } = parsed;
  if (data !== undefined && data !== null && !isPlainObject(data)) throw new NotGraphql('`data` is not an object');
  if (errors !== undefined && !Array.isArray(errors)) throw new NotGraphql('`errors` is not a list');
  if (extensions !== undefined && !isPlainObject(extensions)) throw new NotGraphql('`extensions` is not an object');
  return { data: data as TData | null | undefined, errors: errors as GraphqlAnswer<TData>['errors'] };
}
