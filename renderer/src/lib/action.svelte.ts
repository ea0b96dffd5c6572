// The one pattern every action of the UI follows: while it runs its buttons say so (and are disabled); what it did
// becomes a note under its card; and the live regions speak it: a failure at once (assertive), anything else
// politely. A view (or a card) holds one Actions for its buttons and one Outcome per place a note is shown.
import { messageOf } from './api';
import { alertNow, announce } from './announcer.svelte';
import { storeProblem } from './store-problem.svelte';

export type NoteKind = 'success' | 'info' | 'warning' | 'error';

/** What an action did, in words for the operator. */
export interface Note {
  kind: NoteKind;
  text: string;
  /** Details under the text: what failed, what was skipped, what to do next. */
  lines?: readonly string[];
  /** What the live region says, when it is not the text alone. */
  spoken?: string;
  /** Spoken at once although it is not a failure: the operator must act on it before going on. */
  urgent?: boolean;
}

/** Speaks a note as its kind asks: a failure (or an urgent note) at once, anything else politely. */
export function speak(note: Note): void {
  (note.kind === 'error' || note.urgent ? alertNow : announce)(note.spoken ?? note.text);
}

/** Where a card shows the outcome of its last action. */
export class Outcome {
  note = $state.raw<Note | null>(null);

  /** Shows a note and speaks it. */
  show(note: Note): void {
    this.note = note;
    speak(note);
  }

  clear(): void {
    this.note = null;
  }
}

export interface RunOptions {
  /** Clears the outcome's note while the action runs. */
  clear?: boolean;
  /** Words a failure (“The file could not be saved: …”); the error's own message by default. */
  failure?: (message: string) => string;
  /** Runs once the note is up (a refresh of what the action changed); its failure is reported the same way. */
  after?: () => Promise<void>;
}

/** The actions of a view: which one runs now, so its buttons can say so and the others wait. */
export class Actions<Key extends string = string> {
  running = $state<Key | null>(null);
  readonly busy = $derived(this.running !== null);

  /**
   * Runs `work` as `key`. What it answers becomes the outcome's note (a string is a success); it answers nothing when
   * it showed its outcome itself. A failure becomes an error note. With no outcome (null) notes are only spoken.
   * Answers whether the action (and `after`) succeeded.
   */
  async run(key: Key, outcome: Outcome | null, work: () => Promise<Note | string | void>, options: RunOptions = {}): Promise<boolean> {
    const report = (note: Note) => (outcome ? outcome.show(note) : speak(note));
    this.running = key;
    if (options.clear) outcome?.clear();
    try {
      const answer = await work();
      storeProblem.clear();
      if (answer !== undefined) report(typeof answer === 'string' ? { kind: 'success', text: answer } : answer);
      await options.after?.();
      return true;
    } catch (error) {
      const message = messageOf(error);
      const note: Note = { kind: 'error', text: options.failure ? options.failure(message) : message };
      // A locked keychain or a damaged state file: the note shows the reason, and the alert (App.svelte) speaks
      // what to do, once.
      if (storeProblem.noteFrom(error)) {
        if (outcome) outcome.note = note;
      } else report(note);
      return false;
    } finally {
      this.running = null;
    }
  }
}
