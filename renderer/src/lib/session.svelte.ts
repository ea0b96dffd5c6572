// What every view shares: the app's facts, the server profiles, the active profile's accounts, the selection made in
// the Accounts view and the view on screen. Views call refresh() after anything that changes them; the sidebar and
// the views read from here. The lists are replaced whole on each refresh, never mutated, so they are $state.raw:
// ten thousand accounts are not wrapped in ten thousand proxies.
import { tick } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';
import { command, request, messageOf } from './api';
import { storeProblem } from './store-problem.svelte';
import type { AccountRow, AppInfo, ServerSummary } from './types';

export type ViewId = 'provision' | 'accounts' | 'rollout' | 'exports' | 'api' | 'servers' | 'audit';

class Session {
  view = $state<ViewId>('provision');
  info = $state.raw<AppInfo | null>(null);
  servers = $state.raw<ServerSummary[]>([]);
  /** The active server profile's hostname (the default profile is named after this computer). */
  activeServer = $state('');
  operator = $state.raw<AccountRow | null>(null);
  accounts = $state.raw<AccountRow[]>([]);
  /** The account the Provision view should select (set from the Accounts view). */
  provisionTarget = $state('');
  loadError = $state('');
  loaded = $state(false);
  /** The accounts selected in the Accounts view; the exports can take just these. */
  readonly selection = new SvelteSet<string>();
  #selectionServer = '';

  /** The active profile's summary. */
  readonly active = $derived(this.servers.find((s) => s.active === 1));
  /** The operator first, then the accounts: everyone whose 2FA this profile holds. */
  readonly everyone = $derived(this.operator ? [this.operator, ...this.accounts] : this.accounts);

  readonly refreshServers = async (): Promise<void> => {
    const { data } = await command('listServers', {});
    this.servers = data?.servers ?? [];
    this.activeServer = this.active?.hostname ?? this.servers[0]?.hostname ?? '';
  };

  readonly refreshAccounts = async (): Promise<void> => {
    const { data } = await command('listAccounts', {});
    if (!data) return;
    // Another profile's accounts are not this one's: a change of profile drops the selection.
    if (data.server !== this.#selectionServer) this.selection.clear();
    this.#selectionServer = data.server;
    this.operator = data.operator;
    this.accounts = data.accounts;
    this.activeServer = data.server;
  };

  /** Servers and accounts together: after a change of profile, or of anything a summary counts. */
  readonly refresh = async (): Promise<void> => {
    try {
      await this.refreshServers();
      await this.refreshAccounts();
      this.loadError = '';
      storeProblem.clear();
    } catch (error) {
      this.loadError = messageOf(error);
      storeProblem.noteFrom(error);
    } finally {
      this.loaded = true;
    }
  };

  readonly loadInfo = async (): Promise<void> => {
    try {
      this.info = await request('appInfo', {});
    } catch (error) {
      this.loadError = messageOf(error);
    }
  };

  /** Opens a view and moves focus to its heading, where its content starts. */
  readonly go = async (view: ViewId): Promise<void> => {
    this.view = view;
    await tick();
    document.querySelector<HTMLElement>('main h1')?.focus();
  };

  /** Opens the Provision view on this account. */
  readonly provision = (user: string): void => {
    this.provisionTarget = user;
    void this.go('provision');
  };
}

export const session = new Session();
