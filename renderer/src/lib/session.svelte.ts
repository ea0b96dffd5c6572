// What every view shares: the app's facts, the server profiles and the active profile's accounts.
// Views call refresh() after anything that changes them; the sidebar and the views read from here.
import { tick } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import { command, request, messageOf } from './api';
import type { AccountRow, AccountsData, AppInfo, ServerSummary, ServersData } from './types';

export type ViewId = 'provision' | 'accounts' | 'exports' | 'api' | 'servers' | 'audit';

export const session = $state({
  view: 'provision' as ViewId,
  info: null as AppInfo | null,
  servers: [] as ServerSummary[],
  /** The active server profile's hostname (the default profile is named after this computer). */
  activeServer: '',
  operator: null as AccountRow | null,
  accounts: [] as AccountRow[],
  /** The account the Provision view should select (set from the Accounts view). */
  provisionTarget: '' as string,
  loadError: '' as string,
  loaded: false,
});

/** The accounts selected in the Accounts view; the exports can take just these. */
export const selection = new SvelteSet<string>();
let selectionServer = '';

export function activeSummary(): ServerSummary | undefined {
  return session.servers.find((s) => s.active === 1);
}

export async function refreshServers(): Promise<void> {
  const { data } = await command<ServersData>('listServers', {});
  session.servers = data?.servers ?? [];
  session.activeServer = activeSummary()?.hostname ?? session.servers[0]?.hostname ?? '';
}

export async function refreshAccounts(): Promise<void> {
  const { data } = await command<AccountsData>('listAccounts', {});
  if (!data) return;
  // Another profile's accounts are not this one's: a change of profile drops the selection.
  if (data.server !== selectionServer) selection.clear();
  selectionServer = data.server;
  session.operator = data.operator;
  session.accounts = data.accounts;
  session.activeServer = data.server;
}

/** Servers and accounts together: after a change of profile, or of anything a summary counts. */
export async function refresh(): Promise<void> {
  try {
    await refreshServers();
    await refreshAccounts();
    session.loadError = '';
  } catch (error) {
    session.loadError = messageOf(error);
  } finally {
    session.loaded = true;
  }
}

export async function loadInfo(): Promise<void> {
  try {
    session.info = await request('appInfo', {});
  } catch (error) {
    session.loadError = messageOf(error);
  }
}

/** The operator first, then the accounts: everyone whose 2FA this profile holds. */
export function everyone(): AccountRow[] {
  return session.operator ? [session.operator, ...session.accounts] : [...session.accounts];
}

/** Opens a view and moves focus to its heading, where its content starts. */
export async function go(view: ViewId): Promise<void> {
  session.view = view;
  await tick();
  document.querySelector<HTMLElement>('main h1')?.focus();
}
