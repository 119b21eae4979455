/**
 * Runs `callback` when the browser is idle (after the current frame has rendered and before the
 * next one is due), or after `timeoutMs` at the latest — for work no reader is waiting on.
 * Without requestIdleCallback (Safari), it runs in a task `timeoutMs / 4` later.
 */
export function whenIdle(callback: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(callback, {timeout: timeoutMs});
  else setTimeout(callback, timeoutMs / 4);
}
