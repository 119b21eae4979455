/**
 * Runs `callback` when the browser is idle (after the current frame has rendered and before the
 * next one is due), or after `timeoutMs` at the latest — for work no reader is waiting on.
 * Without requestIdleCallback (Safari), it runs in a task `timeoutMs / 4` later.
 */
export function whenIdle(callback: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(callback, {timeout: timeoutMs});
  else setTimeout(callback, timeoutMs / 4);
}

/** The latest call of buildAheadWhenIdle per group. */
const generations = new Map<string, number>();

/**
 * Runs `tasks` one per idle moment, in order: work built ahead for what a reader may do next
 * (the other options of a control). A later call with the same `group` drops the tasks of this
 * one not yet run, since they were built for a state the page has left.
 */
export function buildAheadWhenIdle(group: string, tasks: readonly (() => void)[], timeoutMs = 2000): void {
  const generation = (generations.get(group) ?? 0) + 1;
  generations.set(group, generation);
  const run = (i: number) => {
    if (i < tasks.length) whenIdle(() => {
      if (generations.get(group) !== generation) return;
      tasks[i]();
      run(i + 1);
    }, timeoutMs);
  };
  run(0);
}
