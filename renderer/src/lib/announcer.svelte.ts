// One polite and one assertive live region, always in the page (App.svelte renders them), so every result is
// announced whether or not the element showing it was just created. Repeating a message announces it again.

export const live = $state({ polite: '', assertive: '' });

let politeTimer: ReturnType<typeof setTimeout> | undefined;
let assertiveTimer: ReturnType<typeof setTimeout> | undefined;

function set(kind: 'polite' | 'assertive', message: string): void {
  live[kind] = '';
  const timer = setTimeout(() => {
    live[kind] = message;
  }, 60);
  if (kind === 'polite') {
    clearTimeout(politeTimer);
    politeTimer = timer;
  } else {
    clearTimeout(assertiveTimer);
    assertiveTimer = timer;
  }
}

/** Results and confirmations. */
export function announce(message: string): void {
  set('polite', message);
}

/** Failures that need attention now. */
export function alertNow(message: string): void {
  set('assertive', message);
}
