// Writes an answered call to the audit trail. A trail that cannot be written never hides the answer:
// the failure is added to the envelope's warnings so the operator sees it.
import { messageOf } from '../common/error-message.js';
import { shownName, shownText } from '../common/shown-text.js';
import { answerOrFail, succeeded, type Envelope } from './envelope.js';
import { AdapterError, type AuditEntry, type EnginePorts } from './ports.js';
import { lookupProfile } from './server-profiles.js';

export interface AuditSubject {
  profile: string;
  function: string;
  user: string | null;
}

export async function recordInAudit<D>(
  ports: Pick<EnginePorts, 'audit' | 'clock'>,
  subjects: readonly AuditSubject[],
  envelope: Envelope<D>,
): Promise<Envelope<D>> {
  const time = new Date(ports.clock.now()).toISOString();
  const { reason } = envelope.metadata;
  // The audit trail is the app's own record: its result is the number 1 or 0, whatever the envelope's type.
  const result = succeeded(envelope) ? 1 : 0;
  // Names reach the trail through the one sanitiser, whoever recorded them: a --server or user= value with control
  // characters must not end up raw in audit.jsonl or on the terminal that shows it.
  const entries: AuditEntry[] = subjects.map((s) => ({
    time,
    profile: shownText(s.profile),
    function: shownName(s.function),
    user: s.user === null ? null : shownName(s.user),
    result,
    reason: shownText(reason),
  }));
  try {
    await ports.audit.append(entries);
    return envelope;
  } catch (error) {
    const message = messageOf(error);
    const { command, error_code, output, reason: r, result: res, version } = envelope.metadata;
    // An adapter's own error is a whole sentence that names the trail ("The audit trail PATH could not be written:
    // …"); anything else (a bare errno) gets the lead-in, so the warning says what failed once either way.
    const said = shownText(message);
    const warning = error instanceof AdapterError ? said : `The audit trail could not be written: ${said}`;
    const warnings = [...(output?.warnings ?? []), warning];
    const metadata = { command, ...(error_code ? { error_code } : {}), output: { ...output, warnings }, reason: r, result: res, version };
    return { ...envelope, metadata };
  }
}

/**
 * What a command tells its entry point for the audit trail: the profile it acted on and the users it acted for,
 * once it knows them. Names are shown through the one sanitiser when the entry is written.
 */
export interface AuditScope {
  /** The profile's hostname; left empty, the entry names the profile the call would act on by default; null: none. */
  profile: string | null;
  /** One entry per user; [null] for a command about no user in particular. */
  users: (string | null)[];
  /** Set when the command already wrote one entry per subject as it went (a batch, chunk by chunk). */
  recorded: boolean;
}

/**
 * The entry point of every app command: runs its body, turns any exception into a failure envelope, and writes the
 * outcome, success or failure, to the audit trail, so no command and no path out of one (a refused request, a
 * locked keychain halfway through a batch) goes unrecorded. `audit: false` is for commands that only read the
 * inventory (lists), which would otherwise fill the trail with every screen refresh.
 */
export async function answerAudited<D>(
  ports: Pick<EnginePorts, 'audit' | 'clock' | 'state' | 'machineHostname'>,
  command: string,
  body: (scope: AuditScope) => Promise<Envelope<D>>,
  options: { audit?: boolean } = {},
): Promise<Envelope<D>> {
  const scope: AuditScope = { profile: '', users: [null], recorded: false };
  const envelope = await answerOrFail(command, () => body(scope));
  if (options.audit === false || (scope.recorded && envelope.metadata.result === '1')) return envelope;
  const profile = scope.profile === '' ? await defaultProfileName(ports) : (scope.profile ?? '');
  const users = scope.users.length ? scope.users : [null];
  return recordInAudit(ports, users.map((user) => ({ profile: shownText(profile), function: command, user: user === null ? null : shownName(user) })), envelope);
}

/** The profile a call without --server acts on, for an entry written before (or without) reading it. */
export async function defaultProfileName(ports: Pick<EnginePorts, 'state' | 'machineHostname'>): Promise<string> {
  try {
    const lookup = lookupProfile(await ports.state.read(), ports.machineHostname);
    return lookup.ok ? lookup.profile.hostname : '';
  } catch {
    // An unreadable state is already the answer's reason; the entry then names no profile.
    return '';
  }
}
