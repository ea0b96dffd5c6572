// renderer/index.html carries the renderer's CSP as a meta tag: the policy the app protocol sends as a header
// (main/common/content-security-policy.ts) minus frame-ancestors, which only a header can carry. The built page
// (npm test builds before it tests) must keep it, and load nothing inline.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../main/common/content-security-policy.js';

const SOURCE = 'renderer/index.html';
const BUILT = 'out/renderer/index.html';

function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => m[1] ?? '');
}

describe('the renderer page’s Content-Security-Policy meta tag', () => {
  it('in renderer/index.html equals CONTENT_SECURITY_POLICY_META exactly, once', () => {
    expect(metaPolicies(readFileSync(SOURCE, 'utf8'))).toEqual([CONTENT_SECURITY_POLICY_META]);
  });

  it('is the header policy minus frame-ancestors', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(`${CONTENT_SECURITY_POLICY_META}; frame-ancestors 'none'`);
  });

  it('survives the build unchanged, with no inline script or style', () => {
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build first`).toBe(true);
    const html = readFileSync(BUILT, 'utf8');
    expect(metaPolicies(html)).toEqual([CONTENT_SECURITY_POLICY_META]);
    // Every script is an external file of our own; no inline code, no style attribute, no remote URL.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
  });
});
