// renderer/index.html carries the renderer's CSP as a meta tag, exactly the policy the app protocol sends as a
// header (main/common/content-security-policy.ts); the built page must keep it, and load nothing inline.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/common/content-security-policy.js';

const SOURCE = 'renderer/index.html';
const BUILT = 'out/renderer/index.html';

function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)].map((m) => m[1] ?? '');
}

describe('the renderer page’s Content-Security-Policy meta tag', () => {
  it('in renderer/index.html equals CONTENT_SECURITY_POLICY exactly, once', () => {
    expect(metaPolicies(readFileSync(SOURCE, 'utf8'))).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it.runIf(existsSync(BUILT))('survives the build unchanged, with no inline script or style', () => {
    const html = readFileSync(BUILT, 'utf8');
    expect(metaPolicies(html)).toEqual([CONTENT_SECURITY_POLICY]);
    // Every script is an external file of our own; no inline code, no style attribute, no remote URL.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
  });
});
