import type { Page } from '../api/paginate';
import { PagedList } from './paged-list';
import { listKeyId, type ListItems, type ListKey, type RefreshScope } from './list-keys';

export type FetchPage<T> = (after: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

type ItemOf<K extends ListKey> = ListItems[K['kind']];

/**
 * The loaded paged lists of one signed-in tree, one per typed key. A list is made on first
 * use and keeps its pages until a Refresh resets it or a new search drops it.
 */
export class ListStore {
  private readonly lists = new Map<string, { key: ListKey; list: PagedList<unknown> }>();

  /** The list of `key`, made with `fetch` if it does not exist yet. */
  get<K extends ListKey>(key: K, fetch: FetchPage<ItemOf<K>>): PagedList<ItemOf<K>> {
    const id = listKeyId(key);
    let entry = this.lists.get(id);
    if (!entry) {
      entry = { key, list: new PagedList(fetch) as PagedList<unknown> };
      this.lists.set(id, entry);
    }
    return entry.list as PagedList<ItemOf<K>>;
  }

  /** The list of `key` if it was ever asked for. */
  peek<K extends ListKey>(key: K): PagedList<ItemOf<K>> | undefined {
    return this.lists.get(listKeyId(key))?.list as PagedList<ItemOf<K>> | undefined;
  }

  /** Forgets a list entirely (its fetch depends on state that changed, e.g. a search). */
  drop(key: ListKey): void {
    const id = listKeyId(key);
    this.lists.get(id)?.list.dispose();
    this.lists.delete(id);
  }

  /** Forgets the loaded pages of the lists in scope; they load again when next asked for. */
  reset(scope: RefreshScope): void {
    for (const { key, list } of this.lists.values()) if (scope === 'all' || scope(key)) list.reset();
  }

  dispose(): void {
    for (const { list } of this.lists.values()) list.dispose();
    this.lists.clear();
  }
}
