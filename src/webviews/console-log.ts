/**
 * What the Logs tab reads, in the order W&B offers it: the streamed console lines
 * (`Run.logLines`, there while the run runs and after), else `output.log`, which the SDK's core
 * uploads only when the run ends, else the multipart `logs/` chunks. Tails first, reads on from
 * where it left off on each live tick, and pages back on demand. No `vscode` here.
 */
import type { WandbApi } from '../api/wandb-api';
import type { RunRef } from '../api/model/run';
import type { LogLinesPage } from '../api/model/log-lines';
import { readLogChunks, readRunLog, type LogChunk } from '../api/run-files';

/** Lines the tab opens with, and lines per page when reading on or paging back. */
export const LOG_TAIL_LINES = 1_000;
/** Pages read per live tick at most (a burst between ticks comes over the next ticks). */
const MAX_PAGES_PER_TICK = 5;

export type LogSource = 'lines' | 'file' | 'none';

/** Text for the Logs tab: replaces what it shows, or goes after (`append`) or before (`prepend`) it. */
export interface LogText {
  text: string;
  mode: 'replace' | 'append' | 'prepend';
  source: LogSource;
  /** The head of the log was left out (a large file). */
  truncated: boolean;
  /** Number of the first line of `text` (replace, prepend): how the tab numbers lines. */
  firstLine: number;
  /** Earlier streamed lines can be fetched (`earlier()`). */
  hasEarlier: boolean;
}

function joinLines(page: LogLinesPage): string {
  let s = '';
  for (const l of page.lines) s += `${l.line}\n`;
  return s;
}

export class ConsoleLog {
  private source?: LogSource;
  private firstCursor?: string;
  private lastCursor?: string;
  private firstLine = 0;
  private hasEarlier = false;
  private fileOffset = 0;
  /** `output.log` can be followed by byte offset; joined `logs/` chunks cannot. */
  private fileFollows = false;

  constructor(
    /** The W&B API; unused (and may be absent, signed out) for a local run folder. */
    private readonly remote: WandbApi | undefined,
    private readonly ref: RunRef,
    /** For a local run folder: its `output.log` from an offset (the only source it has). */
    private readonly localLog?: (offset: number) => Promise<LogChunk | undefined>,
  ) {}

  private get api(): WandbApi {
    if (!this.remote) throw new Error('ConsoleLog: no W&B API for a remote run');
    return this.remote;
  }

  private readFile(offset: number, signal?: AbortSignal): Promise<LogChunk | undefined> {
    return this.localLog ? this.localLog(offset) : readRunLog(this.api, this.ref, offset, signal);
  }

  /** The tail, from whichever source the run has; `none` when it has no console output yet. */
  async open(signal?: AbortSignal): Promise<LogText> {
    this.source = undefined;
    this.fileOffset = 0;
    const tail = this.localLog ? undefined : await this.api.logLines(this.ref, { last: LOG_TAIL_LINES }, signal);
    if (tail && tail.lines.length > 0) {
      this.source = 'lines';
      this.firstCursor = tail.startCursor;
      this.lastCursor = tail.endCursor;
      this.firstLine = tail.lines[0]!.number;
      this.hasEarlier = tail.hasEarlier;
      return this.text(joinLines(tail), 'replace', false);
    }
    const file = await this.readFile(0, signal);
    if (file) {
      this.source = 'file';
      this.fileFollows = true;
      this.fileOffset = file.offset;
      return this.text(file.text, 'replace', file.truncated);
    }
    const chunks = this.localLog ? undefined : await readLogChunks(this.api, this.ref, signal);
    if (chunks) {
      this.source = 'file';
      this.fileFollows = false;
      return this.text(chunks.text, 'replace', chunks.truncated);
    }
    this.source = 'none';
    return this.text('', 'replace', false);
  }

  /** What was written since the last read (a live tick); undefined when nothing new. */
  async next(signal?: AbortSignal): Promise<LogText | undefined> {
    switch (this.source) {
      case undefined:
      case 'none': {
        const opened = await this.open(signal);
        return opened.source === 'none' ? undefined : opened;
      }
      case 'lines': {
        let text = '';
        for (let i = 0; i < MAX_PAGES_PER_TICK; i++) {
          const page = await this.api.logLines(this.ref, { first: LOG_TAIL_LINES, after: this.lastCursor }, signal);
          if (page.lines.length === 0) break;
          this.lastCursor = page.endCursor;
          text += joinLines(page);
          if (!page.hasMore) break;
        }
        return text ? this.text(text, 'append', false) : undefined;
      }
      case 'file': {
        if (!this.fileFollows) return undefined;
        const chunk = await this.readFile(this.fileOffset, signal);
        if (!chunk || (chunk.append && chunk.text === '')) return undefined;
        this.fileOffset = chunk.offset;
        return this.text(chunk.text, chunk.append ? 'append' : 'replace', chunk.truncated);
      }
    }
  }

  /** The page of streamed lines before the first one shown; undefined when there is none. */
  async earlier(signal?: AbortSignal): Promise<LogText | undefined> {
    if (this.source !== 'lines' || !this.hasEarlier || !this.firstCursor) return undefined;
    const page = await this.api.logLines(this.ref, { last: LOG_TAIL_LINES, before: this.firstCursor }, signal);
    this.hasEarlier = page.hasEarlier && page.lines.length > 0;
    if (page.lines.length === 0) return undefined;
    this.firstCursor = page.startCursor;
    this.firstLine = page.lines[0]!.number;
    return this.text(joinLines(page), 'prepend', false);
  }

  private text(text: string, mode: LogText['mode'], truncated: boolean): LogText {
    const source = this.source ?? 'none';
    return { text, mode, source, truncated, firstLine: source === 'lines' ? this.firstLine : 0, hasEarlier: source === 'lines' && this.hasEarlier };
  }
}
