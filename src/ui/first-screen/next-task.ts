/**
 * Runs `work` in a task of its own, after the one running now. The page's own start uses it, so that
 * evaluating modules and starting the hydration are not one long task, and so does the warm-up once
 * a run waits for it, one part a task. It is the page's timer, not a run's (a run's time comes from
 * its clock, src/engine/run-clock.ts).
 */
export function inNextTask(work: () => void): void {
  setTimeout(work)
}
