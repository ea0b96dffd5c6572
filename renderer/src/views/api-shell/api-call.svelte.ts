// The API shell's state: the function, its parameters (kept across functions: a user typed once stays), the output
// format, and the last answer in its four renderings. The request, equivalents and answer cards share one ApiCall.
import { Actions, Outcome } from '../../lib/action.svelte';
import { request } from '../../lib/api';
import { announce } from '../../lib/announcer.svelte';
import { apiUrl, whmapi1Line } from '../../lib/command-line';
import { fileStamp } from '../../lib/format-time';
import { session } from '../../lib/session.svelte';
import type { OutputFormat, WhmAnswer } from '../../lib/types';
import { paramsFor, WHM_CATALOG, type ParamField, type WhmFunctionName } from '../../lib/whm-catalog';

export const FORMATS: readonly { id: OutputFormat; label: string; ext: string }[] = [
  { id: 'json', label: 'JSON', ext: 'json' },
  { id: 'jsonpretty', label: 'jsonpretty', ext: 'json' },
  { id: 'yaml', label: 'YAML', ext: 'yaml' },
  { id: 'xml', label: 'XML', ext: 'xml' },
];

/** The functions whose success changes what the other views show. */
const CHANGES_STATE = new Set<WhmFunctionName>([
  'twofactorauth_set_tfa_config',
  'twofactorauth_remove_user_config',
  'twofactorauth_enable_policy',
  'twofactorauth_disable_policy',
  'twofactorauth_set_issuer',
]);

export class ApiCall {
  fn = $state<WhmFunctionName>('twofactorauth_get_user_configs');
  /** Values by parameter name. */
  values = $state<Record<string, string>>({});
  format = $state<OutputFormat>('jsonpretty');
  ran = $state.raw<{ fn: WhmFunctionName; answer: WhmAnswer } | null>(null);
  readonly running = new Actions<'run'>();
  /** Why a call could not be made (the answer itself, result 0 included, is the answer card's). */
  readonly refused = new Outcome();
  readonly saving = new Actions<'save'>();
  readonly saved = new Outcome();

  readonly fields = $derived(WHM_CATALOG[this.fn].fields as readonly ParamField[]);
  readonly params = $derived(paramsFor(this.fn, this.values));
  readonly line = $derived(whmapi1Line(this.fn, this.params, this.format));
  readonly url = $derived(apiUrl(session.activeServer || 'HOST', this.fn, this.params, this.format));
  readonly output = $derived(this.ran ? this.ran.answer.renderings[this.format] : '');
  readonly envelope = $derived(this.ran?.answer.envelope);
  readonly holdsSecret = $derived.by(() => {
    const envelope = this.envelope;
    return !!envelope && envelope.metadata.result === '1' && typeof envelope.data === 'object' && envelope.data !== null && 'secret' in envelope.data;
  });

  readonly run = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const called = this.fn;
    const params = this.params;
    this.saved.clear();
    await this.running.run(
      'run',
      this.refused,
      async () => {
        const answer = await request('whmCall', { fn: called, params });
        this.ran = { fn: called, answer };
        const { result, reason } = answer.envelope.metadata;
        announce(`${called} answered: result ${result}, ${reason}`);
        // Hand a freshly generated secret to set_tfa_config, the next step of WHM's own flow.
        const data = answer.envelope.data as { secret?: unknown } | undefined;
        if (called === 'twofactorauth_generate_tfa_config' && result === '1' && typeof data?.secret === 'string') {
          this.values.secret = data.secret;
        }
        if (CHANGES_STATE.has(called) && result === '1') await session.refresh();
      },
      { clear: true },
    );
  };

  readonly save = async (): Promise<void> => {
    const ran = this.ran;
    if (!ran) return;
    const ext = FORMATS.find((f) => f.id === this.format)?.ext ?? 'txt';
    const holdsSecret = this.holdsSecret;
    await this.saving.run(
      'save',
      this.saved,
      async () => {
        const outcome = await request('saveExport', {
          suggestedName: `${ran.fn}-${fileStamp()}.${ext}`,
          content: this.output,
          kind: 'whm-answer',
          fn: ran.fn,
        });
        if (outcome.saved) return `Saved to ${outcome.path}${holdsSecret ? ' (readable only by you: it holds a secret)' : ''}.`;
        return { kind: 'info', text: outcome.reason === 'declined' ? 'Nothing was saved.' : 'Saving was cancelled.' };
      },
      { failure: (message) => `The answer could not be saved: ${message}` },
    );
  };
}
