/**
 * A GraphQL document the extension may send, typed by its result and variables.
 * Every document is created with `defineDocument` so that the schema test can enumerate them.
 */
export interface Document<TData, TVars> {
  readonly operationName: string;
  readonly text: string;
  /** Phantom fields: carry the types, never set. */
  readonly __data?: TData;
  readonly __vars?: TVars;
}

/** A result field that may be null (or left out by `@include`), made present. */
export type Present<T> = NonNullable<T>;

/** The node type of a Relay connection field in a generated result type. */
export type NodeOf<C> = NonNullable<C> extends { edges: Array<infer E> } ? NonNullable<NonNullable<E> extends { node: infer N } ? N : never> : never;

const registry: Document<unknown, unknown>[] = [];

export function defineDocument<TData, TVars = Record<string, never>>(text: string): Document<TData, TVars> {
  const m = /^\s*(query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  if (!m || !m[2]) throw new Error(`GraphQL document without an operation name: ${text.slice(0, 60)}`);
  const doc: Document<TData, TVars> = { operationName: m[2], text: text.trim() };
  registry.push(doc as Document<unknown, unknown>);
  return doc;
}

/** Every document defined so far (the schema test imports all query modules, then reads this). */
export function allDocuments(): readonly Document<unknown, unknown>[] {
  return registry;
}
