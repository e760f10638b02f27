import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextTask } from '@/lib/next-task';

describe('nextTask', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('goes through scheduler.postTask where there is one', async () => {
    const postTask = vi.fn((callback: () => void) => Promise.resolve(callback()));
    vi.stubGlobal('scheduler', { postTask });
    await nextTask();
    expect(postTask).toHaveBeenCalledTimes(1);
  });

  it('else yields through a message, after what was already queued, and never through a clamped timer', async () => {
    vi.stubGlobal('scheduler', undefined);
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const order: string[] = [];
    const earlier = new MessageChannel();
    earlier.port1.onmessage = () => {
      order.push('queued before');
      earlier.port1.close();
    };
    earlier.port2.postMessage(null);
    await nextTask().then(() => order.push('after the yield'));
    expect(order).toEqual(['queued before', 'after the yield']);
    expect(timeout).not.toHaveBeenCalled();
  });
});
