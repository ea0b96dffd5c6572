// The keychain or state-file problem behind the last failure, if one caused it (an AdapterErrorCode): App.svelte
// shows its next step (main/common/adapter-advice.ts, the CLI's words) in an alert. Cleared once an action succeeds,
// or when the operator dismisses it.
import type { AdapterErrorCode } from '../../../main/common/engine-answers.js';
import { adapterCodeOf } from './api';

class StoreProblem {
  code = $state<AdapterErrorCode | null>(null);

  /** Records the problem behind `error`; answers whether there was one (the alert then speaks for the failure). */
  noteFrom(error: unknown): boolean {
    const code = adapterCodeOf(error);
    if (code !== null) this.code = code;
    return code !== null;
  }

  clear(): void {
    this.code = null;
  }
}

export const storeProblem = new StoreProblem();
