// Who may use the IPC API (checklist #17) and what the renderer may load or navigate to (#13, offline).
import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isAllowedRendererRequest } from '../../main/ipc/request-policy.js';
import { isAppUrl, isTrustedSender } from '../../main/ipc/trusted-sender.js';

describe('isTrustedSender', () => {
  it('accepts the app origin from the main frame', () => {
    expect(isTrustedSender({ url: 'app://tfa-provisioner/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://tfa-provisioner/', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://tfa-provisioner/index.html#/accounts?x=1', isMainFrame: true })).toBe(true);
  });

  it('refuses a subframe, even of the app origin', () => {
    expect(isTrustedSender({ url: 'app://tfa-provisioner/index.html', isMainFrame: false })).toBe(false);
  });

  it.each([
    'file:///work/main/out/renderer/index.html',
    'http://localhost:5173/',
    'https://tfa-provisioner/',
    'app://evil/index.html',
    'app://tfa-provisioner.evil/index.html',
    'app://evil.tfa-provisioner/',
    'app://tfa-provisioner@evil/',
    'app://evil@tfa-provisioner/',
    'app://user:pass@tfa-provisioner/',
    'app://tfa-provisioner:8080/',
    'app://TFA-PROVISIONER/',
    'apps://tfa-provisioner/',
    'app:tfa-provisioner/index.html',
    'app:///tfa-provisioner/',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    '',
    'not a url',
    'app://tfa-provisioner%00/',
  ])('refuses %j', (url) => {
    expect(isTrustedSender({ url, isMainFrame: true })).toBe(false);
  });

  it('refuses anything but a literal true for isMainFrame', () => {
    expect(isTrustedSender({ url: 'app://tfa-provisioner/', isMainFrame: 1 as unknown as boolean })).toBe(false);
  });
});

describe('isAppUrl / request policy', () => {
  it('lets the renderer load its own files and data: images only', () => {
    expect(isAllowedRendererRequest('app://tfa-provisioner/assets/index-abc.js', { devTools: false })).toBe(true);
    expect(isAllowedRendererRequest('data:image/png;base64,iVBORw0KGgo=', { devTools: false })).toBe(true);
    for (const url of [
      'http://example.com/',
      'https://example.com/x.js',
      'ws://localhost:1/',
      'wss://example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'app://evil/',
      'blob:app://tfa-provisioner/1',
      'devtools://devtools/bundled/inspector.html',
      'garbage',
    ]) {
      expect(isAllowedRendererRequest(url, { devTools: false }), url).toBe(false);
    }
  });

  it('allows DevTools pages only when DevTools are enabled', () => {
    expect(isAllowedRendererRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(true);
    expect(isAllowedRendererRequest('https://example.com/', { devTools: true })).toBe(false);
  });

  it('navigates only within the app origin', () => {
    expect(isAllowedNavigation('app://tfa-provisioner/index.html')).toBe(true);
    expect(isAllowedNavigation('https://example.com/')).toBe(false);
    expect(isAllowedNavigation('data:text/html,hi')).toBe(false);
    expect(isAppUrl('app://tfa-provisioner')).toBe(true);
  });
});
