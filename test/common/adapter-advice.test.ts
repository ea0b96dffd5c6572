// Each kind of keychain or state-file failure gets its own next step, and those about the state file say where it is
// and that nothing was changed; the CLI's line and the desktop app's alert both read them from here.
import { describe, expect, it } from 'vitest';
import { adviceFor } from '../../main/common/adapter-advice.js';
import type { AdapterErrorCode } from '../../main/common/engine-answers.js';

const CODES: AdapterErrorCode[] = [
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_REFUSED',
  'KEYCHAIN_KEY_MISSING',
  'STATE_CORRUPT',
  'STATE_TOO_NEW',
  'STATE_LOCKED',
  'STATE_IO',
];

describe('adviceFor', () => {
  it('gives every code its own title and next step, each one line', () => {
    const advice = CODES.map((code) => adviceFor(code, '/home/op/.config/tfa-provisioner'));
    expect(new Set(advice.map((a) => a.title)).size).toBe(CODES.length);
    expect(new Set(advice.map((a) => a.nextStep)).size).toBe(CODES.length);
    for (const { title, nextStep } of advice) expect(`${title} ${nextStep}`).not.toMatch(/[\r\n]/);
  });

  it('names the state file where it is about the state file, and says nothing was changed', () => {
    for (const code of ['STATE_CORRUPT', 'STATE_TOO_NEW', 'STATE_IO'] as const) {
      expect(adviceFor(code, '/srv/tfa').nextStep).toContain('state.json in /srv/tfa');
      expect(adviceFor(code).nextStep).toContain('state.json in the state directory');
    }
    for (const code of CODES) expect(adviceFor(code).nextStep.toLowerCase()).toContain('nothing was changed');
  });

  it('points a failed audit trail or preferences file to that file, not only to state.json', () => {
    expect(adviceFor('STATE_IO').title).toBe('A file in the state directory could not be read or written.');
    expect(adviceFor('STATE_IO', '/srv/tfa').nextStep).toContain('Check the file the message names (state.json in /srv/tfa, or audit.jsonl or preferences.json beside it)');
  });

  it('never suggests removing anything while the keychain is only locked, refused or absent', () => {
    for (const code of ['KEYCHAIN_LOCKED', 'KEYCHAIN_REFUSED', 'KEYCHAIN_UNAVAILABLE'] as const) {
      expect(adviceFor(code).nextStep).not.toMatch(/\bremove\b|\bdelete\b|--replace|--force|\brestore\b|\bprovision\b/i);
      expect(adviceFor(code).nextStep).toContain('`tfa-provisioner doctor` checks the keychain.');
    }
  });
});
