// The server profiles, the account inventory, the API shell's WHM calls and the audit trail: each answers the
// engine's envelope unchanged (the API shell's also in its four renderings).
import { OUTPUT_FORMATS, type Envelope } from '../common/engine-answers.js';
import type { WhmAnswer } from '../common/tfa-api-contract.js';
import { renderEnvelope } from '../engine/envelope-format.js';
import type { HandlerBodies, HandlerDeps } from './handler-deps.js';

type AccountMethods =
  | 'whmCall'
  | 'listServers'
  | 'addServer'
  | 'useServer'
  | 'removeServer'
  | 'listAccounts'
  | 'addAccount'
  | 'importAccounts'
  | 'removeAccounts'
  | 'auditTrail';

function renderAll(envelope: Envelope): WhmAnswer {
  const renderings = { json: '', jsonpretty: '', yaml: '', xml: '' };
  for (const format of OUTPUT_FORMATS) renderings[format] = renderEnvelope(envelope, format);
  return { envelope, renderings };
}

export function accountHandlers({ engine }: HandlerDeps): Pick<HandlerBodies, AccountMethods> {
  return {
    whmCall: async ({ fn, params }) => renderAll(await engine.whm.call(fn, params)),
    listServers: () => engine.servers.list(),
    addServer: ({ hostname, operator }) => engine.servers.add(hostname, operator),
    useServer: ({ hostname }) => engine.servers.use(hostname),
    removeServer: ({ hostname, force }) => engine.servers.remove(hostname, { force }),
    listAccounts: () => engine.accounts.list(),
    addAccount: ({ user, domain }) => engine.accounts.add(user, domain),
    importAccounts: ({ text }) => engine.accounts.import(text),
    removeAccounts: ({ users }) => engine.accounts.remove(users),
    auditTrail: ({ limit }) => engine.auditTrail(limit ?? undefined),
  };
}
