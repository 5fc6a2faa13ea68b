import { describe, expect, it } from 'vitest';
import { DEBUGGING_CHALLENGES } from '../bank';
import { evaluateDebuggingExplanation } from './index';

describe('evaluateDebuggingExplanation', () => {
  it('scores an explanation naming the bug and the fix above a vague one', async () => {
    const good = await evaluateDebuggingExplanation(
      'dbg-async-foreach',
      'forEach ignores the promises returned by the async callback, so it does not wait and "done" prints before the saves finish; errors are unhandled. Use a for...of loop with await, or await Promise.all(users.map(save)).',
    );
    const vague = await evaluateDebuggingExplanation('dbg-async-foreach', 'There is something wrong with the loop, maybe add some logging.');
    expect(good.similarity).toBeGreaterThan(vague.similarity + 0.3);
    expect(good.matchedKeywords.length).toBeGreaterThan(vague.matchedKeywords.length);
  });

  it('has at least ten challenges and refuses unknown ids with a typed error', async () => {
    expect(DEBUGGING_CHALLENGES.length).toBeGreaterThanOrEqual(10);
    await expect(evaluateDebuggingExplanation('nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
