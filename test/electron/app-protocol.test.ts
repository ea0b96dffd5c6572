// The app:// protocol (checklist #18): serves the built renderer, refuses everything that is not a file
// under its root. The resolver is pure; the Electron glue is driven with a stand-in `protocol`.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/common/content-security-policy.js';
import { resolveAppResource } from '../../main/ipc/app-protocol-resolver.js';

const protocolCalls = vi.hoisted(() => ({
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
}));
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => protocolCalls.privileged.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolCalls.handlers.set(scheme, handler),
  },
}));
const { handleAppProtocol, registerAppScheme } = await import('../../main/electron/app-protocol.js');

let sandbox: string;
let root: string;

beforeAll(async () => {
  sandbox = await mkdtemp(path.join(os.tmpdir(), 'tfa-protocol-'));
  root = path.join(sandbox, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>TFA Provisioner</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(path.join(sandbox, 'secret.txt'), 'SECRET-CONTENT');
  await symlink(path.join(sandbox, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

describe('resolveAppResource', () => {
  it('serves / and /index.html as the page', () => {
    for (const url of ['app://tfa-provisioner/', 'app://tfa-provisioner', 'app://tfa-provisioner/index.html', 'app://tfa-provisioner/?x#y']) {
      expect(resolveAppResource(url, root), url).toEqual({
        status: 200,
        filePath: path.join(root, 'index.html'),
        contentType: 'text/html; charset=utf-8',
      });
    }
  });

  it('serves assets with their content type', () => {
    expect(resolveAppResource('app://tfa-provisioner/assets/index-abc.js', root)).toMatchObject({
      status: 200,
      filePath: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppResource('app://tfa-provisioner/assets/index-abc.css', root)).toMatchObject({ contentType: 'text/css; charset=utf-8' });
    expect(resolveAppResource('app://tfa-provisioner/assets/logo.svg', root)).toMatchObject({ contentType: 'image/svg+xml' });
    expect(resolveAppResource('app://tfa-provisioner/assets/a%20b.png', root)).toMatchObject({
      filePath: path.join(root, 'assets', 'a b.png'),
      contentType: 'image/png',
    });
  });

  it.each([
    'app://tfa-provisioner/../secret.txt',
    'app://tfa-provisioner/assets/../../secret.txt',
    'app://tfa-provisioner/%2e%2e/secret.txt',
    'app://tfa-provisioner/%2E%2E/secret.txt',
    'app://tfa-provisioner/.%2e/secret.txt',
    'app://tfa-provisioner/%2e./secret.txt',
    'app://tfa-provisioner/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://tfa-provisioner/..%2fsecret.txt',
    'app://tfa-provisioner/..%2Fsecret.txt',
    'app://tfa-provisioner/..%5csecret.txt',
    'app://tfa-provisioner/..\\secret.txt',
    'app://tfa-provisioner/assets\\..\\..\\secret.txt',
    'app://tfa-provisioner/%5c..%5csecret.txt',
    'app://tfa-provisioner/index.html%00.js',
    'app://tfa-provisioner/%00',
    'app://tfa-provisioner/./index.html',
    'app://tfa-provisioner/C:/Windows/win.ini',
    'app://tfa-provisioner/index.html:stream',
    'app://tfa-provisioner/%E0%A4%A',
  ])('refuses traversal: %s', (url) => {
    const resource = resolveAppResource(url, root);
    expect(resource.status).toBe(403);
  });

  it('never resolves outside the root, whatever the encoding (double-encoded stays a literal name)', () => {
    const resource = resolveAppResource('app://tfa-provisioner/%252e%252e/secret.txt', root);
    expect(resource).toMatchObject({ status: 200, filePath: path.join(root, '%2e%2e', 'secret.txt') });
  });

  it.each([
    'app://evil/index.html',
    'app://tfa-provisioner.evil/index.html',
    'app://tfa-provisioner:1234/index.html',
    'app://user@tfa-provisioner/index.html',
    'app://TFA-PROVISIONER/index.html',
    'app:///index.html',
  ])('refuses other hosts: %s', (url) => {
    expect(resolveAppResource(url, root).status).toBe(403);
  });

  it.each(['file:///etc/passwd', 'http://tfa-provisioner/index.html', 'https://tfa-provisioner/', 'data:text/html,x', 'not a url'])(
    'refuses other schemes: %s',
    (url) => {
      expect(resolveAppResource(url, root).status).toBe(403);
    },
  );

  it('allows only GET and HEAD', () => {
    expect(resolveAppResource('app://tfa-provisioner/', root, 'POST').status).toBe(405);
    expect(resolveAppResource('app://tfa-provisioner/', root, 'HEAD').status).toBe(200);
  });
});

describe('the app:// protocol in Electron', () => {
  it('registers app as a privileged standard, secure scheme without fetch or CORS', () => {
    registerAppScheme();
    expect(protocolCalls.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
    ]);
  });

  const fetchApp = (url: string, method = 'GET') => {
    handleAppProtocol(root);
    const handler = protocolCalls.handlers.get('app');
    if (!handler) throw new Error('no app: handler registered');
    return handler(new Request(url, { method }));
  };

  it('answers a file with its type, the CSP and nosniff', async () => {
    const response = await fetchApp('app://tfa-provisioner/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>TFA Provisioner</title>');
  });

  it('answers 404 for a missing file and 403 for traversal, with the same headers', async () => {
    const missing = await fetchApp('app://tfa-provisioner/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const traversal = await fetchApp('app://tfa-provisioner/..%2fsecret.txt');
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).not.toContain('SECRET-CONTENT');
    // A Request (like Chromium) already resolves dot segments: what reaches the handler stays in the root.
    const normalized = await fetchApp('app://tfa-provisioner/%2e%2e/secret.txt');
    expect(normalized.status).toBe(404);
    expect(await normalized.text()).not.toContain('SECRET-CONTENT');
  });

  it('does not follow a symlink out of the root', async () => {
    const response = await fetchApp('app://tfa-provisioner/assets/link.txt');
    expect(response.status).toBe(403);
  });

  it('answers 404 for a directory', async () => {
    expect((await fetchApp('app://tfa-provisioner/assets')).status).toBe(404);
  });
});
