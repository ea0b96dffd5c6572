// Writes an answered call to the audit trail. A trail that cannot be written never hides the answer:
// the failure is added to the envelope's warnings so the operator sees it.
import { messageOf } from '../common/error-message.js';
import type { Envelope } from './envelope.js';
import type { AuditEntry, EnginePorts } from './ports.js';

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
  const { result, reason } = envelope.metadata;
  const entries: AuditEntry[] = subjects.map((s) => ({ time, profile: s.profile, function: s.function, user: s.user, result, reason }));
  try {
    await ports.audit.append(entries);
    return envelope;
  } catch (error) {
    const message = messageOf(error);
    const { command, error_code, output, reason: r, result: res, version } = envelope.metadata;
    const warnings = [...(output?.warnings ?? []), `The audit trail could not be written: ${message}`];
    const metadata = { command, ...(error_code ? { error_code } : {}), output: { ...output, warnings }, reason: r, result: res, version };
    return { ...envelope, metadata };
  }
}
