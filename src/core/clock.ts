// Time is injected so specs can fix it; production uses the wall clock.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
