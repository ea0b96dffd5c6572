// Rollout stages derived from a record's state and marks, with a fixed clock.
import { describe, expect, it } from 'vitest';
import { pendingExpiryProblem, ROLLOUT_STAGES } from '../../main/common/rollout-stages.js';
import { countStages, stageOf, type StagedRecord } from '../../main/engine/rollout-stage.js';

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const DAYS_AGO = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

describe('stageOf', () => {
  it('follows an account from no secret to confirmed', () => {
    const steps: [StagedRecord, string, string | null][] = [
      [{ state: 'none', updatedAt: null }, 'none', null],
      [{ state: 'pending', updatedAt: DAYS_AGO(3), rollout: { provisionedAt: DAYS_AGO(3) } }, 'provisioned', DAYS_AGO(3)],
      [{ state: 'pending', updatedAt: DAYS_AGO(3), rollout: { provisionedAt: DAYS_AGO(3), sheetAt: DAYS_AGO(2) } }, 'printed', DAYS_AGO(2)],
      [{ state: 'enabled', updatedAt: DAYS_AGO(1), rollout: { provisionedAt: DAYS_AGO(3), sheetAt: DAYS_AGO(2), verifiedAt: DAYS_AGO(1) } }, 'verified', DAYS_AGO(1)],
      [{ state: 'enabled', updatedAt: DAYS_AGO(1), rollout: { verifiedAt: DAYS_AGO(1), appliedAt: DAYS_AGO(0.5) } }, 'applied', DAYS_AGO(0.5)],
      [{ state: 'enabled', updatedAt: DAYS_AGO(1), rollout: { appliedAt: DAYS_AGO(0.5), confirmedAt: DAYS_AGO(0.1) } }, 'confirmed', DAYS_AGO(0.1)],
    ];
    for (const [record, stage, since] of steps) expect(stageOf(record, 14, NOW)).toEqual({ stage, since });
  });

  it('expires a pending secret only past the profile’s limit, printed or not', () => {
    const printed: StagedRecord = { state: 'pending', updatedAt: DAYS_AGO(15), rollout: { provisionedAt: DAYS_AGO(15), sheetAt: DAYS_AGO(14) } };
    expect(stageOf(printed, 14, NOW).stage).toBe('expired');
    expect(stageOf(printed, 15, NOW).stage).toBe('printed'); // exactly 15 days is not older than 15 days
    expect(stageOf(printed, null, NOW).stage).toBe('printed');
    // An enabled account never expires.
    expect(stageOf({ state: 'enabled', updatedAt: DAYS_AGO(400) }, 14, NOW).stage).toBe('verified');
  });

  it('reads a record written before rollout tracking: its last update stands for when it was provisioned', () => {
    expect(stageOf({ state: 'pending', updatedAt: DAYS_AGO(20) }, 14, NOW)).toEqual({ stage: 'expired', since: DAYS_AGO(20) });
    expect(stageOf({ state: 'pending', updatedAt: DAYS_AGO(2) }, 14, NOW)).toEqual({ stage: 'provisioned', since: DAYS_AGO(2) });
    expect(stageOf({ state: 'enabled', updatedAt: DAYS_AGO(2) }, 14, NOW)).toEqual({ stage: 'verified', since: DAYS_AGO(2) });
  });

  it('counts every stage, zeros included, in rollout order', () => {
    const counts = countStages(
      [
        { state: 'none', updatedAt: null },
        { state: 'pending', updatedAt: DAYS_AGO(30) },
        { state: 'pending', updatedAt: DAYS_AGO(1) },
        { state: 'enabled', updatedAt: DAYS_AGO(1), rollout: { confirmedAt: DAYS_AGO(0) } },
      ],
      14,
      NOW,
    );
    expect(Object.keys(counts)).toEqual([...ROLLOUT_STAGES]);
    expect(counts).toEqual({ none: 1, provisioned: 1, printed: 0, expired: 1, verified: 0, applied: 0, confirmed: 1 });
  });
});

describe('pendingExpiryProblem', () => {
  it('takes 1 to 365 whole days, or null for no limit', () => {
    for (const ok of [null, 1, 14, 365]) expect(pendingExpiryProblem(ok)).toBeNull();
    for (const bad of [0, -1, 366, 1.5, Number.NaN]) {
      expect(pendingExpiryProblem(bad)).toBe('The pending-expiry limit must be a whole number of days from 1 to 365, or off.');
    }
  });
});
