import { describe, expect, it } from 'vitest';
import { ClientClock } from './client-clock';

describe('ClientClock', () => {
  it('fixes one offset at the first stamp (a frame ends when it arrives) and keeps it', () => {
    let now = 1000;
    const clock = new ClientClock(() => now);
    // A 20 ms frame captured at client time 5000 arrives at session time 1000: it ends then.
    expect(clock.toSession(5000, 20)).toBe(980);
    now = 9999; // later arrivals do not move the offset: jitter stays out of the timeline
    expect(clock.toSession(5020, 20)).toBe(1000);
    expect(clock.toSession(6000)).toBe(1980);
  });
});
