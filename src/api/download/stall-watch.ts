/**
 * A body that stops arriving: `onStall` runs once no bytes were seen for `ms`. One timer per
 * transfer, set again only when it fires (not for every chunk). Plain Node: no `vscode` here.
 */
export interface StallWatch {
  /** Bytes arrived just now. */
  seen(): void;
  /** The transfer ended (either way): the timer goes. */
  stop(): void;
  /** `onStall` ran. */
  readonly stalled: boolean;
}

export function watchStall(ms: number, onStall: () => void): StallWatch {
  let lastData = Date.now();
  let stalled = false;
  const check = () => {
    const idle = Date.now() - lastData;
    if (idle < ms) {
      timer = setTimeout(check, ms - idle);
      return;
    }
    stalled = true;
    onStall();
  };
  let timer = setTimeout(check, ms);
  return {
    seen: () => {
      lastData = Date.now();
    },
    stop: () => clearTimeout(timer),
    get stalled() {
      return stalled;
    },
  };
}
