/** The webview's side of the channel: typed posts to the extension and persisted page state. */
import type { WebviewMessage } from '../protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(msg: WebviewMessage): void {
  api.postMessage(msg);
}

/** For a panel with its own message contract (the runs table): its module types the messages. */
export function postMessage(msg: object): void {
  api.postMessage(msg);
}

export function loadState<T extends object>(defaults: T): T {
  const s = api.getState();
  return s && typeof s === 'object' ? { ...defaults, ...(s as Partial<T>) } : { ...defaults };
}

export function saveState(state: object): void {
  api.setState(state);
}

/** What the extension put in the page (`#app[data-init]`): which run(s) the panel shows. */
export function initData(): unknown {
  try {
    return JSON.parse(document.getElementById('app')?.dataset.init ?? 'null');
  } catch {
    return null;
  }
}
