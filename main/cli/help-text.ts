// The words of `tfa-provisioner --help`. The README's CLI section quotes this text; keep them in step.
import { WHM_FUNCTIONS } from '../engine/whm-functions.js';

export function helpText(version: string): string {
  const functions = Object.entries(WHM_FUNCTIONS)
    .map(([name, spec]) => `  ${name}${spec.usage ? ` ${spec.usage}` : ''}\n      ${spec.summary}`)
    .join('\n');
  return `tfa-provisioner ${version}: provision cPanel & WHM two-factor authentication (TOTP), offline.

Usage:
  tfa-provisioner [--output=FORMAT] [--server=HOST] FUNCTION [key=value ...]
  tfa-provisioner [--output=FORMAT] [--server=HOST] COMMAND [ARGS ...]

WHM API 1 functions (answered by the local engine as a cPanel & WHM server would):
${functions}

  user= on generate and set_tfa_config is an extension: it acts for a known account instead of the operator.

Commands beyond WHM (this app's own; their answers use the same envelope):
  servers list                      List server profiles (hostname, operator, issuer, policy).
  servers add HOST [--operator=USER]
                                    Add a server profile and make it active (operator: root or a reseller).
  servers use HOST                  Make a server profile active.
  servers remove HOST [--force]     Remove a profile; --force is needed when it holds secrets.
  servers set [HOST] --pending-expiry-days=N|off
                                    Pending secrets older than N days (1-365) count as expired; off: never.
  accounts list                     List accounts and their state: none, pending or enabled.
  accounts add USER DOMAIN          Add a cPanel account by hand.
  accounts import FILE              Import accounts from a whmapi1 listaccts dump (JSON or YAML) or a CSV of user,domain.
  accounts remove USER ...          Forget accounts and their secrets (changes nothing on the server).
  accounts reconcile FILE           Compare with the server's own answer, saved on the server with
                                    whmapi1 --output=json twofactorauth_get_user_configs > FILE (YAML and XML too):
                                    accounts enabled here and there become confirmed; every mismatch is reported.
  rollout status [--stage=STAGE|all]
                                    Accounts per rollout stage: none, provisioned (sheet not printed), printed,
                                    expired, verified, applied, confirmed; --stage lists the accounts too.
  provision (USER ... | --all) [--replace] [--with-secrets]
                                    Give accounts a pending secret, sealed in the keychain vault.
                                    Pending and enabled accounts are skipped unless --replace.
                                    Answers the users provisioned; their secrets only with --with-secrets
                                    (or later, one by one, with reveal).
  provision --expired               Replace every expired pending secret with a new one (their sheets must be
                                    printed again).
  verify USER CODE                  Check an account's first 6-digit code: pending becomes enabled.
  reveal USER                       Show a pending account's secret and URI again (for its QR code).
  audit [--limit=N]                 Show the audit trail (never holds secrets or codes).

Exports and backups (files holding secrets in clear need --with-secrets and are written with mode 0600):
  export generate-answers --out=FILE [--format=json|jsonpretty|yaml|xml] [USER ... | --all] --with-secrets
                                    WHM's twofactorauth_generate_tfa_config answer per account (json: one per line;
                                    jsonpretty, yaml, xml: the documents one after another).
  export apply-body --out=FILE [USER ... | --all] --with-secrets
                                    The twofactorauth_set_tfa_config_for_user body for enabled accounts, with the
                                    curl command to send it in FILE.apply.txt (it replaces their existing entries).
  export uris --out=FILE [USER ... | --all] --with-secrets
                                    otpauth:// URIs, one per line.
  export accounts-csv --out=FILE [USER ... | --all]
                                    user,domain,state,updated (no secrets; mode 0644).
  sheets --out=FILE.html [--paper=a4|letter] (USER ... | --all) --with-secrets
                                    Printable enrollment sheets, one page per account: QR code, key, instructions.
                                    generate-answers, uris and sheets take pending accounts unless --state=enabled
                                    or --state=pending,enabled; --all (or, for export, no USER) takes every account.
  sheets --not-printed --out=FILE.html --with-secrets
                                    The sheets of every pending account not yet printed or exported. Writing sheets
                                    or an apply body records it per account (see rollout status).
  backup FILE [--passphrase-file=PATH]
                                    Encrypt the whole server profile (accounts, states, settings, secrets) under a
                                    passphrase of at least 12 characters (scrypt, AES-256-GCM); mode 0600.
  restore FILE [--replace] [--passphrase-file=PATH]
                                    Restore a backup; an existing profile of that hostname is replaced only with --replace.
                                    The passphrase is read from PATH, or asked for on a terminal; never from the command line.

Options:
  --output=FORMAT   json, jsonpretty, yaml (default, as whmapi1) or xml (legacy xml-api).
  --server=HOST     Act on this server profile instead of the active one.
  --qr=TARGET       With generate or reveal: terminal (printed on stderr), svg:PATH or png:PATH
                    (written with mode 0600: the image holds the secret).
  --chunk-size=N    With provision: accounts sealed and written per step (default 500).
  --help            Show this help.
  --version         Show the version.

Exit status: 0 when the answer's result is 1, 1 when it is 0, 2 for a usage error.

Secrets are sealed with AES-256-GCM under one vault key per server profile, kept in the OS keychain
(Secret Service, macOS Keychain or Windows Credential Manager). State lives in
$TFA_PROVISIONER_HOME, or the platform's config directory (~/.config/tfa-provisioner on Linux).
`;
}
