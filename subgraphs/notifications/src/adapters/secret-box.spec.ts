import { describe, expect, it } from '@jest/globals';
import { SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-test-key-of-at-least-32-characters!!');

  it('when a secret is sealed, then it opens for its endpoint only, and not under another key or once altered', () => {
    const sealed = box.seal('whsec_abc', 'whe_1');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed, 'whe_1')).toBe('whsec_abc');
    expect(box.seal('whsec_abc', 'whe_1')).not.toBe(sealed);
    expect(() => box.open(sealed, 'whe_2')).toThrow();
    expect(() => new SecretBox('another-key-of-at-least-32-characters!').open(sealed, 'whe_1')).toThrow();
    const [v, iv, tag, body] = sealed.split(':');
    expect(() => box.open([v, iv, tag, `${body!.slice(0, -2)}AA`].join(':'), 'whe_1')).toThrow();
    expect(() => box.open('whsec_abc', 'whe_1')).toThrow('not a sealed');
  });
});
