// The renderer's CSP (Electron security checklist #7): nothing remote, no inline code, no connections.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/common/content-security-policy.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name = '', ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }),
);

describe('CONTENT_SECURITY_POLICY', () => {
  it("starts from default-src 'none'", () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it('allows no inline or evaluated code anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|strict-dynamic/);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
  });

  it("connects nowhere: connect-src is 'none' and nothing else", () => {
    expect(directives.get('connect-src')).toEqual(["'none'"]);
  });

  it('names no remote source: no scheme, host or wildcard besides data: images', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        if (name === 'img-src' && value === 'data:') continue;
        expect(value, `${name} ${value}`).toMatch(/^'(self|none)'$/);
      }
    }
  });

  it('locks down objects, base URI, forms and framing', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
