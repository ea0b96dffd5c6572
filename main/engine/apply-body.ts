// The request body of WHM API 1's twofactorauth_set_tfa_config_for_user (cPanel & WHM 11.138+; spec §4.10)
// for enabled accounts, and the note that says how to send it. The call REPLACES every 2FA entry of each
// listed account (primary account, email and team users), which the note says in so many words.

export interface ApplyBodyInput {
  user: string;
  secret: string;
}

export const SET_TFA_CONFIG_FOR_USER = 'twofactorauth_set_tfa_config_for_user';

/** `{"<user>":{"primary_account":{"secret":"…"}}, …}`, two-space indent, users in the order given. */
export function renderApplyBody(accounts: readonly ApplyBodyInput[]): string {
  const body: Record<string, { primary_account: { secret: string } }> = {};
  for (const { user, secret } of accounts) body[user] = { primary_account: { secret } };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A path as one shell word: bare when it is plainly safe, otherwise single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./@:+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The curl command that sends the body (spec §3.1 URL, §3.2 token header). */
export function applyCommand(bodyPath: string, hostname: string, operator = 'root'): string {
  return (
    `curl -sS -H 'Authorization: whm ${operator}:YOUR_API_TOKEN' -H 'Content-Type: application/json' ` +
    `-X POST --data-binary ${shellWord(`@${bodyPath}`)} ` +
    `'https://${hostname}:2087/json-api/${SET_TFA_CONFIG_FOR_USER}?api.version=1'`
  );
}

/** The text written beside the body (`<file>.apply.txt`). It holds no secret. */
export function applyInstructions(bodyPath: string, hostname: string, accounts: number, operator = 'root'): string {
  return `# How to apply ${bodyPath} to ${hostname}
#
# It sets the 2FA secret of ${accounts} enabled account(s) with WHM API 1's ${SET_TFA_CONFIG_FOR_USER}
# (cPanel & WHM 11.138 or later). WARNING: for each account listed in the file, the call REPLACES all of its
# existing two-factor entries (its primary account, and any email and team users) with what the file holds.
#
# The file holds secrets in clear: anyone with it can generate these accounts' codes. Delete it after use.
#
# Replace YOUR_API_TOKEN with a WHM API token of ${operator} (WHM » Development » Manage API Tokens), then run:

${applyCommand(bodyPath, hostname, operator)}

# WHM answers {"metadata":{"result":1,...}} when it applied the file.
`;
}
