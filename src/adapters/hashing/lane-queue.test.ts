import { describe, expect, it } from 'vitest';
import { createLaneQueue, type Lane } from './lane-queue.js';

const drain = (queue: ReturnType<typeof createLaneQueue<string>>) => {
  const order: string[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) order.push(next);
  return order;
};

describe('createLaneQueue', () => {
  it('serves the priority lane first, each lane in arrival order', () => {
    const queue = createLaneQueue<string>({ maxQueuedPerLane: 10, maxPriorityStreak: 10 });
    for (const [lane, item] of [
      ['normal', 'n1'],
      ['normal', 'n2'],
      ['priority', 'p1'],
      ['normal', 'n3'],
      ['priority', 'p2'],
    ] as Array<[Lane, string]>)
      queue.push(lane, item);
    expect(drain(queue)).toEqual(['p1', 'p2', 'n1', 'n2', 'n3']);
  });

  it('lets a waiting normal waiter through after maxPriorityStreak priority ones in a row', () => {
    const queue = createLaneQueue<string>({ maxQueuedPerLane: 10, maxPriorityStreak: 2 });
    queue.push('normal', 'n1');
    queue.push('normal', 'n2');
    for (let i = 1; i <= 5; i++) queue.push('priority', `p${i}`);
    expect(drain(queue)).toEqual(['p1', 'p2', 'n1', 'p3', 'p4', 'n2', 'p5']);
  });

  it('counts only priority waiters that passed a normal one towards the bound', () => {
    const queue = createLaneQueue<string>({ maxQueuedPerLane: 10, maxPriorityStreak: 2 });
    queue.push('priority', 'p1');
    queue.push('priority', 'p2');
    expect([queue.shift(), queue.shift()]).toEqual(['p1', 'p2']);
    // Nobody waited behind those two, so the next two priority waiters may still pass the newcomer.
    queue.push('normal', 'n1');
    queue.push('priority', 'p3');
    queue.push('priority', 'p4');
    queue.push('priority', 'p5');
    expect(drain(queue)).toEqual(['p3', 'p4', 'n1', 'p5']);
  });

  it('bounds each lane on its own: a full normal lane still takes priority waiters', () => {
    const queue = createLaneQueue<string>({ maxQueuedPerLane: 2, maxPriorityStreak: 4 });
    expect([queue.push('normal', 'n1'), queue.push('normal', 'n2'), queue.push('normal', 'n3')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([queue.push('priority', 'p1'), queue.push('priority', 'p2'), queue.push('priority', 'p3')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([queue.size('normal'), queue.size('priority')]).toEqual([2, 2]);
    expect(drain(queue)).toEqual(['p1', 'p2', 'n1', 'n2']);
  });

  it('never starves the normal lane under an endless priority stream', () => {
    const queue = createLaneQueue<string>({ maxQueuedPerLane: 100, maxPriorityStreak: 4 });
    for (let i = 0; i < 3; i++) queue.push('normal', `n${i}`);
    const served: string[] = [];
    // Two new priority waiters arrive for every one served: the priority lane never empties.
    for (let i = 0; served.filter((item) => item.startsWith('n')).length < 3 && i < 100; i++) {
      queue.push('priority', `p${2 * i}`);
      queue.push('priority', `p${2 * i + 1}`);
      served.push(queue.shift()!);
    }
    expect(served.filter((item) => item.startsWith('n'))).toEqual(['n0', 'n1', 'n2']);
    expect(served).toHaveLength(15);
  });
});
