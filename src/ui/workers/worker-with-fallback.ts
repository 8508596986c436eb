/** One job given to a worker, with the same work on this thread should the worker fail it. */
export interface WorkerJob<Result> {
  resolve: (result: Result) => void
  reject: (error: Error) => void
  fallback: () => Promise<Result>
}

/**
 * A module worker that answers jobs by id, and this thread in its place wherever it cannot: no
 * `Worker` at all (Node, in the unit tests), a worker refused at creation (a policy that forbids
 * them), a script that does not load, a worker that dies or sends what cannot be taken in. After
 * such a failure every job still waiting, and every later one, runs here, so none waits forever.
 * `take` handles one reply for its job and calls `settled` once the job has its answer.
 */
export function workerWithFallback<
  Request extends object,
  Reply extends { id: number },
  Result,
  Job extends WorkerJob<Result>,
>(
  start: () => Worker,
  take: (reply: Reply, job: Job, settled: () => void) => void,
): (request: Request, fallback: () => Promise<Result>) => Promise<Result> {
  let worker: Worker | undefined
  let broken = false
  let nextId = 0
  const jobs = new Map<number, Job>()

  const launch = (): Worker => {
    const started = start()
    started.onmessage = ({ data }: MessageEvent<Reply>) => {
      const job = jobs.get(data.id)
      if (job) take(data, job, () => jobs.delete(data.id))
    }
    started.onerror = started.onmessageerror = (event: Event) => {
      event.preventDefault()
      broken = true
      worker = undefined
      started.terminate()
      const waiting = [...jobs.values()]
      jobs.clear()
      for (const job of waiting) job.fallback().then(job.resolve, job.reject)
    }
    return started
  }

  return (request, fallback) => {
    if (broken || typeof Worker === 'undefined') return fallback()
    try {
      worker ??= launch()
    } catch {
      broken = true
      return fallback()
    }
    const running = worker
    return new Promise<Result>((resolve, reject) => {
      const id = ++nextId
      jobs.set(id, { resolve, reject, fallback } as Job)
      running.postMessage({ ...request, id })
    })
  }
}
