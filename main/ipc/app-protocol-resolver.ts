// Which file an app://tfa-provisioner/… request may read (Electron security checklist #18: a custom
// protocol instead of file://, with a path-traversal check). Electron-free and synchronous: it only maps
// a URL to a path under the renderer root, so every refusal can be tested without a browser.
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from '../common/content-security-policy.js';

export type AppResource =
  | { status: 200; filePath: string; contentType: string }
  | { status: 403 | 404 | 405; reason: string };

/** What the renderer build emits; anything else is still served, as an inert download type (nosniff). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

/**
 * Dot segments in any spelling (".", "..", ".%2e", "%2E%2e", …) between separators, in the raw URL.
 * URL parsing would quietly resolve them, but a request that tries is refused outright rather than
 * clamped to the root, so an attempt shows up as a 403 instead of a surprising file.
 */
const RAW_DOT_SEGMENT = /(?:^|[/\\])(?:\.|%2e){1,2}(?:[/\\?#]|$)/i;
/** Separators and NUL smuggled in encoded form, or backslashes (a separator on Windows). */
const RAW_FORBIDDEN = /%2f|%5c|%00|\\/i;

const refuse = (reason: string): AppResource => ({ status: 403, reason });

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? FALLBACK_CONTENT_TYPE;
}

/** True when `candidate` is `root` itself or below it (both absolute), on the platform's path rules. */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(candidate));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function resolveAppResource(requestUrl: string, rendererRoot: string, method = 'GET'): AppResource {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, reason: `${method} is not allowed` };

  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return refuse('malformed URL');
  }
  // Exact parts, not a prefix: no other host, no port, no credentials, no other scheme.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return refuse('not an app://tfa-provisioner URL');
  }

  const rawPath = requestUrl.slice(requestUrl.indexOf(APP_HOST) + APP_HOST.length).split(/[?#]/, 1)[0] ?? '';
  if (RAW_DOT_SEGMENT.test(rawPath) || RAW_FORBIDDEN.test(rawPath) || RAW_FORBIDDEN.test(url.pathname)) {
    return refuse('path traversal');
  }

  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return refuse('malformed percent-encoding');
  }
  // Control characters (NUL above all) and backslashes have no place in a renderer asset path.
  if (/[\u0000-\u001f\\]/.test(decoded)) return refuse('forbidden character');

  const segments = decoded.split('/').filter((segment) => segment !== '');
  // ":" would let a Windows drive letter or an NTFS stream name in; dot segments are already refused above,
  // and this catches any that only appear after decoding.
  if (segments.some((s) => s === '.' || s === '..' || s.includes(':'))) return refuse('path traversal');
  if (decoded === '' || decoded.endsWith('/')) segments.push('index.html');

  const root = path.resolve(rendererRoot);
  const filePath = path.resolve(root, ...segments);
  if (!isInsideRoot(root, filePath) || filePath === root) return refuse('outside the renderer root');

  return { status: 200, filePath, contentType: contentTypeOf(filePath) };
}
