// Derives an account's rollout stage (main/common/rollout-stages.ts) from its provisioning state and the
// timestamps recorded along the way. Pure: the clock comes in as `now`.
import { zeroCounts, type RolloutCounts, type RolloutStage } from '../common/rollout-stages.js';

/**
 * When each rollout step happened (ISO 8601). All optional, so a state file written before rollout tracking
 * reads as it is. Provisioning a secret (again) starts a fresh set.
 */
export interface RolloutMarks {
  provisionedAt?: string;
  /** Its enrollment sheet was last printed or exported. */
  sheetAt?: string;
  /** Its first code was verified here. */
  verifiedAt?: string;
  /** It was last included in an apply body. */
  appliedAt?: string;
  /** The server's answer said 2FA is enabled for it. */
  confirmedAt?: string;
}

export interface StagedRecord {
  state: 'none' | 'pending' | 'enabled';
  updatedAt: string | null;
  rollout?: RolloutMarks;
}

/** The marks once a code is verified: a secret set now is in no apply body yet, nor confirmed by the server. */
export function verifiedMarks(marks: RolloutMarks | undefined, at: string): RolloutMarks {
  const kept: RolloutMarks = {};
  if (marks?.provisionedAt) kept.provisionedAt = marks.provisionedAt;
  if (marks?.sheetAt) kept.sheetAt = marks.sheetAt;
  return { ...kept, verifiedAt: at };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a pending secret was made: its mark, or, in a state file older than rollout tracking, its last update. */
function provisionedAt(record: StagedRecord): string | null {
  return record.rollout?.provisionedAt ?? record.updatedAt;
}

export function isExpired(record: StagedRecord, expiryDays: number | null, now: number): boolean {
  if (record.state !== 'pending' || expiryDays === null) return false;
  const made = provisionedAt(record);
  if (made === null) return false;
  const at = Date.parse(made);
  return Number.isFinite(at) && now - at > expiryDays * DAY_MS;
}

export function stageOf(record: StagedRecord, expiryDays: number | null, now: number): { stage: RolloutStage; since: string | null } {
  const marks = record.rollout ?? {};
  switch (record.state) {
    case 'none':
      return { stage: 'none', since: record.updatedAt };
    case 'pending':
      if (isExpired(record, expiryDays, now)) return { stage: 'expired', since: provisionedAt(record) };
      return marks.sheetAt ? { stage: 'printed', since: marks.sheetAt } : { stage: 'provisioned', since: provisionedAt(record) };
    case 'enabled':
      if (marks.confirmedAt) return { stage: 'confirmed', since: marks.confirmedAt };
      if (marks.appliedAt) return { stage: 'applied', since: marks.appliedAt };
      return { stage: 'verified', since: marks.verifiedAt ?? record.updatedAt };
  }
}

export function countStages(records: Iterable<StagedRecord>, expiryDays: number | null, now: number): RolloutCounts {
  const counts = zeroCounts();
  for (const record of records) counts[stageOf(record, expiryDays, now).stage] += 1;
  return counts;
}
