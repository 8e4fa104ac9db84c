import { describe, expect, it } from 'vitest';
import { tabAfterKey } from '../../src/webviews/ui/tab-keys';

describe('tab strip keys (WAI-ARIA tabs pattern)', () => {
  it('Right and Left move one tab and wrap around at the ends', () => {
    expect(tabAfterKey('ArrowRight', 0, 5)).toBe(1);
    expect(tabAfterKey('ArrowRight', 4, 5)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 2, 5)).toBe(1);
    expect(tabAfterKey('ArrowLeft', 0, 5)).toBe(4);
  });

  it('Home and End go to the first and last tab', () => {
    expect(tabAfterKey('Home', 3, 5)).toBe(0);
    expect(tabAfterKey('End', 1, 5)).toBe(4);
  });

  it('leaves other keys (Tab, Enter, Up/Down) and an empty strip alone', () => {
    for (const key of ['Tab', 'Enter', ' ', 'ArrowDown', 'ArrowUp', 'a']) expect(tabAfterKey(key, 1, 3)).toBeUndefined();
    expect(tabAfterKey('ArrowRight', 0, 0)).toBeUndefined();
  });
});
