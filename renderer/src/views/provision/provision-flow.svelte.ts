// The Provision view's state and steps: which account, its new (or revealed) secret on screen for a while, and the
// first code that turns pending into enabled. The three step cards read and drive one ProvisionFlow.
import { tick } from 'svelte';
import { TOTP_DIGITS } from '../../../../main/common/totp-parameters.js';
import { Actions, Outcome } from '../../lib/action.svelte';
import { command, messageOf, request, WhmFailure } from '../../lib/api';
import { alertNow, announce } from '../../lib/announcer.svelte';
import { session } from '../../lib/session.svelte';
import { CLOCK_SKEW_HINT, QR_AUTO_HIDE_SECONDS } from '../../lib/settings';

/** A secret on screen, for whom. */
export interface Shown {
  user: string;
  secret: string;
  uri: string;
}

export type VerifyOutcome = { ok: true; user: string } | { ok: false; reason: string; skew: boolean };

export class ProvisionFlow {
  /** The account chosen in the list, or acted on; while it is '' (or gone), the default below applies. */
  #chosen = $state('');
  replace = $state(false);
  shown = $state.raw<Shown | null>(null);
  /** Set when the QR code hid itself (or was hidden), for whom. */
  hiddenFor = $state('');
  remaining = $state(0);
  code = $state('');
  verified = $state.raw<VerifyOutcome | null>(null);
  readonly actions = new Actions<'generate' | 'reveal' | 'verify' | 'pdf'>();
  /** Under the Account step: why nothing was generated or shown. */
  readonly notice = new Outcome();
  /** Bound by the step cards: focus goes to the Scan step when a secret appears, back to the code when it is wrong. */
  scanHeading = $state<HTMLElement>();
  codeInput = $state<HTMLInputElement>();
  #deadline = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;

  /** The account on screen: the chosen one, else the first account without 2FA, else a pending one, else any. */
  readonly selected = $derived.by(() => {
    const people = session.everyone;
    if (people.some((p) => p.user === this.#chosen)) return this.#chosen;
    const accounts = people.filter((p) => p.user !== session.operator?.user);
    return (accounts.find((p) => p.state === 'none') ?? accounts.find((p) => p.state === 'pending') ?? accounts[0] ?? people[0])?.user ?? '';
  });
  readonly current = $derived(session.everyone.find((p) => p.user === this.selected));
  readonly isOperator = $derived(this.selected !== '' && this.selected === session.operator?.user);
  readonly policyOff = $derived(session.active?.policy_enabled === 0);
  readonly codeComplete = $derived(new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(this.code));
  /** A secret for the account on screen is shown. */
  readonly showingCurrent = $derived(!!this.shown && this.shown.user === this.current?.user);

  /** Starts on the account the Accounts view sent, if any. */
  constructor() {
    this.#chosen = session.provisionTarget;
    session.provisionTarget = '';
  }

  /** Another account: whatever the last one left on screen goes. */
  readonly choose = (user: string): void => {
    this.#chosen = user;
    this.#stopTimer();
    this.shown = null;
    this.hiddenFor = '';
    this.notice.clear();
    this.verified = null;
    this.code = '';
    this.replace = false;
  };

  /** The account acted on stays on screen whatever its new state does to the default. */
  #pin(): string | undefined {
    const user = this.current?.user;
    if (user) this.#chosen = user;
    return user;
  }

  readonly generate = async (): Promise<void> => {
    const user = this.#pin();
    if (!user) return;
    this.verified = null;
    const replace = this.replace;
    await this.actions.run(
      'generate',
      this.notice,
      async () => {
        const { data } = await command('provision', { users: [user], replace });
        const made = data?.provisioned[0];
        const skipped = data?.skipped[0];
        if (made) {
          this.#show({ user: made.user, secret: made.secret, uri: made.otpauth_str });
          this.replace = false;
          this.code = '';
          announce(`A secret was generated for ${made.user}; the account is pending. Scan the QR code, then type the code the app shows.`);
          return;
        }
        if (skipped) {
          const again = skipped.state === 'pending' ? ', or show its QR code again' : '';
          return { kind: 'warning', urgent: true, text: `${skipped.user} is already ${skipped.state}. Tick “Replace its current secret” to generate a new one${again}.` };
        }
        return { kind: 'error', text: Object.values(data?.failed ?? {})[0] ?? 'No secret was generated.' };
      },
      { clear: true, after: session.refresh },
    );
  };

  readonly reveal = async (): Promise<void> => {
    const user = this.#pin();
    if (!user) return;
    await this.actions.run(
      'reveal',
      this.notice,
      async () => {
        const { data } = await command('reveal', { user });
        if (!data) return;
        this.#show({ user, secret: data.secret, uri: data.otpauth_str });
        announce(`The QR code for ${user} is shown again.`);
      },
      { clear: true },
    );
  };

  readonly verify = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const user = this.#pin();
    if (!user) return;
    if (!this.codeComplete) {
      this.verified = { ok: false, reason: `Type the ${TOTP_DIGITS}-digit code the authenticator app shows.`, skew: false };
      alertNow(this.verified.reason);
      this.codeInput?.focus();
      return;
    }
    const token = this.code;
    await this.actions.run(
      'verify',
      null,
      async () => {
        try {
          await command('verify', { user, token });
        } catch (error) {
          // A wrong code is the verify step's own outcome, shown beside the code with the clock hint.
          const reason = messageOf(error);
          const skew = error instanceof WhmFailure && reason === 'The security code is invalid.';
          this.verified = { ok: false, reason, skew };
          alertNow(skew ? `${reason} ${CLOCK_SKEW_HINT}` : reason);
          this.codeInput?.select();
          return;
        }
        this.verified = { ok: true, user };
        this.#stopTimer();
        this.shown = null;
        this.hiddenFor = '';
        this.code = '';
        announce(`Verified: two-factor authentication is enabled for ${user}.`);
        await session.refresh();
      },
    );
  };

  readonly savePdf = async (): Promise<void> => {
    const shown = this.shown;
    if (!shown) return;
    await this.actions.run(
      'pdf',
      null,
      async () => {
        // The account's enrollment sheet: the same PDF as the Exports view and `sheets --out=FILE.pdf` make.
        const outcome = await request('exportFile', { kind: 'sheets', users: [shown.user], states: ['pending', 'enabled'], paper: 'a4' });
        const saved = outcome.saved;
        if (saved === null) throw new Error(outcome.envelope.metadata.reason);
        if (saved.saved) announce(`Saved the enrollment sheet to ${saved.path}. It holds the secret: keep it safe.`);
        else announce(saved.reason === 'declined' ? 'Nothing was saved.' : 'Saving was cancelled.');
      },
      { failure: (message) => `The enrollment sheet could not be saved: ${message}` },
    );
  };

  /** Keeps digits only, at most a code's length; a new digit clears a refusal. */
  readonly typeCode = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    const digits = input.value.replace(/\D/g, '').slice(0, TOTP_DIGITS);
    if (digits !== input.value) input.value = digits;
    this.code = digits;
    if (this.verified && !this.verified.ok) this.verified = null;
  };

  /** Forgets the secret in this window; a pending account's secret stays sealed in the vault. */
  readonly hide = (automatic: boolean): void => {
    if (!this.shown) return;
    this.hiddenFor = this.shown.user;
    this.shown = null;
    this.#stopTimer();
    announce(automatic ? `The QR code was hidden after ${QR_AUTO_HIDE_SECONDS} seconds.` : 'The QR code is hidden.');
  };

  /** The view is gone: no timer outlives it. */
  readonly destroy = (): void => this.#stopTimer();

  #show(next: Shown): void {
    this.shown = next;
    // The button pressed may give way to the new content: the Scan step takes the focus.
    void tick().then(() => this.scanHeading?.focus());
    this.hiddenFor = '';
    this.#deadline = Date.now() + QR_AUTO_HIDE_SECONDS * 1000;
    this.remaining = QR_AUTO_HIDE_SECONDS;
    this.#stopTimer();
    this.#ticker = setInterval(() => {
      this.remaining = Math.max(0, Math.ceil((this.#deadline - Date.now()) / 1000));
      if (this.remaining === 0) this.hide(true);
    }, 1000);
  }

  #stopTimer(): void {
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }
}
