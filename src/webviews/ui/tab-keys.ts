/**
 * The WAI-ARIA tabs pattern's keys: which tab a key press moves to (and selects), or undefined
 * for keys the tab strip leaves alone. Left/Right wrap around; Home/End go to the ends.
 */
export function tabAfterKey(key: string, current: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
