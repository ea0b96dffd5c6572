// What to do next when the keychain or the state file failed, one entry per AdapterErrorCode, in one place: the CLI
// prints the next step on stderr after the reason, and the desktop app shows the same words in an alert. The reason
// (the adapter's own message) says what happened; this says what to do about it. Dependency-free.
import type { AdapterErrorCode } from './engine-answers.js';

/** How a headless or SSH session gets a Secret Service: `doctor`, this advice and the README give the same recipe. */
export const HEADLESS_KEYRING_RECIPE =
  `dbus-run-session -- bash -c 'read -rsp "Keyring passphrase: " p; echo; ` +
  `printf %s "$p" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; unset p; exec bash'`;

export interface AdapterAdvice {
  /** What is wrong, in a few words: the alert's heading. */
  title: string;
  /** The next step, on one line: what the CLI prints after “next step:”, and the alert's text. */
  nextStep: string;
}

const DOCTOR_KEYCHAIN = '`tfa-provisioner doctor` checks the keychain.';

/**
 * The advice for a code. `stateDir` (the directory holding state.json) is named where the step is about the state
 * file; without it the advice says “the state directory”.
 */
export function adviceFor(code: AdapterErrorCode, stateDir?: string): AdapterAdvice {
  const file = stateDir ? `state.json in ${stateDir}` : 'state.json in the state directory';
  switch (code) {
    case 'KEYCHAIN_LOCKED':
      return {
        title: 'The OS keychain is locked.',
        nextStep: `Unlock it (Passwords and Keys, your KeePassXC database, or Keychain Access), then try again; nothing was changed and no secret is lost. ${DOCTOR_KEYCHAIN}`,
      };
    case 'KEYCHAIN_UNAVAILABLE':
      return {
        title: 'No OS keychain is available.',
        nextStep:
          'Start a Secret Service (gnome-keyring, or KeePassXC with Secret Service integration) in this session and unlock it, then try again; nothing was changed. ' +
          `In a headless or SSH session, work in a shell started with: ${HEADLESS_KEYRING_RECIPE} (the README's headless recipe). ${DOCTOR_KEYCHAIN}`,
      };
    case 'KEYCHAIN_REFUSED':
      return {
        title: 'The OS keychain refused access.',
        nextStep: `Allow TFA Provisioner to use the keychain (answer its prompt, or allow it in Keychain Access or Credential Manager), then try again; nothing was changed. ${DOCTOR_KEYCHAIN}`,
      };
    case 'KEYCHAIN_KEY_MISSING':
      return {
        title: 'This profile’s vault key is not in the keychain.',
        nextStep:
          'Nothing was changed. Restore the keychain item from the old machine or keyring, or restore a profile backup (tfa-provisioner restore FILE --force); ' +
          'only if neither exists, give the accounts new secrets (tfa-provisioner provision --all --replace) and enrol them again.',
      };
    case 'STATE_CORRUPT':
      return {
        title: 'The state file is damaged.',
        nextStep: `Nothing was changed: ${file} was left as it was. Move it aside (for example to state.json.broken), then restore your profile backups (tfa-provisioner restore FILE).`,
      };
    case 'STATE_TOO_NEW':
      return {
        title: 'The state file is from a newer TFA Provisioner.',
        nextStep: `Nothing was changed: ${file} was left as it was. Upgrade TFA Provisioner to the version that wrote it, then try again.`,
      };
    case 'STATE_LOCKED':
      return {
        title: 'Another TFA Provisioner process is using the state file.',
        nextStep: 'Nothing was changed. Wait for it (a CLI command or the desktop app) to finish, then try again; `tfa-provisioner doctor` names the process.',
      };
    case 'STATE_IO':
      return {
        // The audit trail and the preferences live beside the state file and fail the same ways: the reason names which.
        title: 'A file in the state directory could not be read or written.',
        nextStep: `Nothing was changed. Check the file the message names (${file}, or audit.jsonl or preferences.json beside it): a regular file in a directory you own, on a disk with free space; \`tfa-provisioner doctor\` checks the state directory.`,
      };
  }
}
