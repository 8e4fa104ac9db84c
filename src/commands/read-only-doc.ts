/**
 * Read-only editors for text the extension shows but does not own (artifact metadata as JSON,
 * sweep configurations as YAML): a virtual document scheme whose documents cannot be edited or
 * saved, with the language taken from the name's extension.
 */
import * as vscode from 'vscode';
import { safeText } from '../text/safe-text';

export const READ_ONLY_SCHEME = 'wandb-explorer-view';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /**
   * Opens `text` in a read-only editor titled by the last part of `path` (e.g.
   * `demo/mnist/mnist-cnn:v3/metadata.json`). Showing the same path again updates it.
   */
  async show(path: string, text: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(this.put(path, text));
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  /** Holds `text` under a read-only URI named by `path` without opening it (for diff editors). */
  put(path: string, text: string): vscode.Uri {
    const clean = path
      .split('/')
      .map((s) => safeText(s).replace(/[\\?#%]/g, '_'))
      .filter(Boolean)
      .join('/');
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: `/${clean}` });
    const had = this.texts.has(uri.toString());
    this.texts.set(uri.toString(), text);
    if (had) this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
