// Serves the built renderer from app://tfa-provisioner/ (never file://). The decision which file may be
// read lives in the Electron-free resolver; this glue reads it and attaches the security headers.
import { readFile, realpath } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from '../common/content-security-policy.js';
import { isInsideRoot, resolveAppResource } from '../ipc/app-protocol-resolver.js';

/** Must run before `ready`: a scheme only gets these privileges if registered that early. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origins and relative URLs; secure: treated like https. No fetch, no CORS: the page
    // never fetches anything, it only loads its own scripts and styles.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
};

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
}

export async function respondToAppRequest(request: Request, rendererRoot: string): Promise<Response> {
  const resource = resolveAppResource(request.url, rendererRoot, request.method);
  if (resource.status !== 200) return refusal(resource.status, resource.reason);
  let body: Buffer;
  try {
    // A symlink inside the root must not lead outside it either.
    const [realRoot, realFile] = await Promise.all([realpath(rendererRoot), realpath(resource.filePath)]);
    if (!isInsideRoot(realRoot, realFile)) return refusal(403, 'outside the renderer root');
    body = await readFile(realFile);
  } catch {
    return refusal(404, 'not found');
  }
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': resource.contentType },
  });
}

/** Call once the app is ready. */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => respondToAppRequest(request, rendererRoot));
}
