import { throwIfAborted } from './abort';

/** At most `limit` tasks run at once; waiting tasks leave the queue when their signal aborts. */
export interface Limiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  const queue: { start: () => void; cancel: (e: unknown) => void }[] = [];

  const next = () => {
    while (active < limit && queue.length > 0) {
      active++;
      queue.shift()!.start();
    }
  };

  async function acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (active < limit) {
      active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: reject,
      };
      const onAbort = () => {
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(entry);
    });
  }

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        active--;
        next();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
