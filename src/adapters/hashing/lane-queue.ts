/**
 * The waiting line of the hasher's limiter, in two lanes. Work for users who have shown they are legitimate (a
 * browser holding the account's familiar-device marker, a reset flow past its gates, a signed-in user) waits in the
 * priority lane; everything else — unfamiliar sign-ins and the unknown-user decoy alike, so the lane never says
 * whether an account exists — in the normal lane. Pure: no timers, no I/O.
 */
export type Lane = 'priority' | 'normal';

export interface LaneQueueOptions {
  /** Waiters each lane may hold; beyond it `push` refuses (the limiter answers SERVICE_BUSY). */
  maxQueuedPerLane: number;
  /**
   * How many priority waiters in a row may go ahead of a waiting normal one. Priority traffic is bounded by the
   * familiar-device budgets, but one who holds many accounts' markers could still keep the priority lane busy; with
   * this bound the normal lane still gets one slot in every `maxPriorityStreak + 1` while both lanes wait, so it is
   * slowed, never starved. The cost to a priority waiter is at most one normal job per streak.
   */
  maxPriorityStreak: number;
}

export const createLaneQueue = <T>({ maxQueuedPerLane, maxPriorityStreak }: LaneQueueOptions) => {
  const lanes: Record<Lane, T[]> = { priority: [], normal: [] };
  // Priority waiters served in a row while a normal one was waiting; a served normal waiter resets it.
  let streak = 0;

  return {
    /** Adds a waiter at the back of its lane; false when that lane is full. */
    push(lane: Lane, item: T): boolean {
      if (lanes[lane].length >= maxQueuedPerLane) return false;
      lanes[lane].push(item);
      return true;
    },

    /** The next waiter to run: the priority lane's first, unless it has gone ahead of normal waiters too often. */
    shift(): T | undefined {
      const normalWaiting = lanes.normal.length > 0;
      if (lanes.priority.length > 0 && !(normalWaiting && streak >= maxPriorityStreak)) {
        // No normal waiter passed over: nobody is being delayed, so it does not count towards the bound.
        if (normalWaiting) streak++;
        return lanes.priority.shift();
      }
      streak = 0;
      return lanes.normal.shift();
    },

    size(lane: Lane): number {
      return lanes[lane].length;
    },
  };
};
