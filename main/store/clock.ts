import type { Clock } from '../engine/ports.js';

export const systemClock: Clock = {
  now: () => Date.now(),
};
