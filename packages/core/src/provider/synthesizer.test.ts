import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { speechRenderingKey, validateSpeechText } from './synthesizer';

describe('speech renderings', () => {
  it('names a rendering with the SHA-256 of voice id and text — the name disk caches already use', async () => {
    const expected = createHash('sha256').update('["openai","gpt-4o-mini-tts","alloy"]').update('\n').update('What is a mutex?').digest('hex');
    expect(await speechRenderingKey('["openai","gpt-4o-mini-tts","alloy"]', 'What is a mutex?')).toBe(expected);
    expect(await speechRenderingKey('a', 'b')).not.toBe(await speechRenderingKey('a', 'c'));
  });

  it('trims text and refuses empty or over-long text', () => {
    expect(validateSpeechText('  hi ')).toBe('hi');
    expect(() => validateSpeechText(' ')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => validateSpeechText('x'.repeat(4097))).toThrow(/4096/);
  });
});
