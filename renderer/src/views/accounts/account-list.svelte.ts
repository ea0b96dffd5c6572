// The Accounts view's table state: search, state and rollout-stage filters, sort and the selection (kept in the
// session, so the Exports view can take it). Every list is derived from the session's accounts; nothing is copied by hand.
import { announce } from '../../lib/announcer.svelte';
import { session } from '../../lib/session.svelte';
import { MAX_TABLE_ROWS } from '../../lib/settings';
import type { AccountRow, ProvisioningState } from '../../lib/types';
import { ROLLOUT_STAGES, type RolloutStage } from '../../../../main/common/rollout-stages.js';

export type SortKey = 'user' | 'domain' | 'state' | 'stage' | 'updated';
export type SortDirection = 'ascending' | 'descending';

const STATE_ORDER: Record<ProvisioningState, number> = { none: 0, pending: 1, enabled: 2 };
export const COLUMNS: readonly { key: SortKey; label: string }[] = [
  { key: 'user', label: 'Username' },
  { key: 'domain', label: 'Domain' },
  { key: 'state', label: 'State' },
  { key: 'stage', label: 'Rollout stage' },
  { key: 'updated', label: 'Updated' },
];

const byKey: Record<SortKey, (a: AccountRow, b: AccountRow) => number> = {
  user: (a, b) => a.user.localeCompare(b.user),
  domain: (a, b) => a.domain.localeCompare(b.domain) || a.user.localeCompare(b.user),
  state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.user.localeCompare(b.user),
  // In rollout order, as the dashboard lists the stages.
  stage: (a, b) => ROLLOUT_STAGES.indexOf(a.stage) - ROLLOUT_STAGES.indexOf(b.stage) || a.user.localeCompare(b.user),
  updated: (a, b) => (a.updated ?? '').localeCompare(b.updated ?? '') || a.user.localeCompare(b.user),
};

export class AccountList {
  query = $state('');
  stateFilter = $state<'all' | ProvisioningState>('all');
  stageFilter = $state<'all' | RolloutStage>('all');
  sortKey = $state<SortKey>('user');
  sortDir = $state<SortDirection>('ascending');

  readonly all = $derived(session.everyone);
  readonly operatorName = $derived(session.operator?.user ?? '');
  readonly counts = $derived({
    none: this.all.filter((a) => a.state === 'none').length,
    pending: this.all.filter((a) => a.state === 'pending').length,
    enabled: this.all.filter((a) => a.state === 'enabled').length,
  });
  /** Every account matching the search and filter, sorted. */
  readonly rows = $derived.by(() => {
    const q = this.query.trim().toLowerCase();
    const filter = this.stateFilter;
    const stage = this.stageFilter;
    const matching = this.all.filter(
      (a) =>
        (filter === 'all' || a.state === filter) &&
        (stage === 'all' || a.stage === stage) &&
        (q === '' || a.user.includes(q) || a.domain.toLowerCase().includes(q)),
    );
    matching.sort(byKey[this.sortKey]);
    if (this.sortDir === 'descending') matching.reverse();
    return matching;
  });
  /** The rows of the table: every matching one (the table is virtualised: only those in view are in the page). */
  readonly visible = $derived(this.rows);
  /** Many rows: the selection bar offers to select every matching one in one go. */
  readonly long = $derived(this.rows.length > MAX_TABLE_ROWS);
  readonly selected = $derived(this.all.filter((a) => session.selection.has(a.user)).map((a) => a.user));
  /** The selected accounts that can be forgotten: all but the operator. */
  readonly forgettable = $derived(this.selected.filter((u) => u !== this.operatorName));
  readonly allRowsSelected = $derived(this.rows.length > 0 && this.rows.every((a) => session.selection.has(a.user)));
  readonly allVisibleSelected = $derived(this.visible.length > 0 && this.visible.every((a) => session.selection.has(a.user)));
  readonly someVisibleSelected = $derived(this.visible.some((a) => session.selection.has(a.user)));
  readonly sortLabel = $derived(COLUMNS.find((c) => c.key === this.sortKey)?.label.toLowerCase());

  readonly sortBy = (key: SortKey): void => {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'ascending' ? 'descending' : 'ascending';
    else {
      this.sortKey = key;
      this.sortDir = 'ascending';
    }
    announce(`Sorted by ${this.sortLabel}, ${this.sortDir}.`);
  };

  readonly toggle = (user: string): void => {
    if (session.selection.has(user)) session.selection.delete(user);
    else session.selection.add(user);
  };

  readonly toggleVisible = (): void => {
    if (this.allVisibleSelected) for (const a of this.visible) session.selection.delete(a.user);
    else for (const a of this.visible) session.selection.add(a.user);
  };

  readonly selectAllMatching = (): void => {
    for (const a of this.rows) session.selection.add(a.user);
    announce(`${this.rows.length.toLocaleString('en-US')} accounts selected.`);
  };
}
