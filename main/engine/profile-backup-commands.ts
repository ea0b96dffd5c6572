// Backup and restore of a whole server profile (beyond WHM): settings, accounts, states and secrets, encrypted
// under a passphrase by the BackupCipher port. A backup opens the vault once; a restore seals everything in one
// vault call inside the state update, so no other process can race the vault key's creation, and a restore
// that fails for any reason (wrong passphrase, damaged file, keychain refused) leaves the state as it was.
import type { BackupDocument, RestoreData } from '../common/engine-answers.js';
import { passphraseProblem } from '../common/passphrase-rule.js';
import { own, setName } from '../common/name-map.js';
import { answerAudited } from './audit-record.js';
import { failure, success, type Envelope } from './envelope.js';
import type { EnginePorts } from './ports.js';
import type { ProfileBundle } from './profile-backup-bundle.js';

/** zod (the bundle's schema) loads for backup and restore only: every other command would pay for it. */
const bundleModule = () => import('./profile-backup-bundle.js');
import { profileFor } from './secret-selection.js';
import { isUntouchedProfile, type ServerProfile } from './state.js';

export const BACKUP_UNREADABLE = 'The passphrase is wrong, or the backup is damaged; nothing was changed.';
export const BACKUP_UNAVAILABLE = 'Backups are not available here (no backup cipher was configured).';

export type { BackupDocument };

function counts(profile: ServerProfile | ProfileBundle['profile']): { accounts: number; pending: number; enabled: number } {
  const states = Object.values(profile.accounts).map((a) => a.state);
  return { accounts: states.length, pending: states.filter((s) => s === 'pending').length, enabled: states.filter((s) => s === 'enabled').length };
}

export class ProfileBackups {
  constructor(private readonly ports: EnginePorts) {}

  backup(options: { passphrase: string; server?: string }): Promise<Envelope<BackupDocument>> {
    const command = 'backup';
    return answerAudited(this.ports, command, async (scope) => {
      scope.profile = options.server ?? '';
      const cipher = this.ports.backupCipher;
      if (!cipher) return failure(command, BACKUP_UNAVAILABLE);
      const problem = passphraseProblem(options.passphrase);
      if (problem) return failure(command, problem);
      const profile = profileFor(this.ports, await this.ports.state.read(), options.server);
      scope.profile = profile.hostname;
      const { buildBundle, sealedItemsOf } = await bundleModule();
      const items = sealedItemsOf(profile);
      const opened = items.length
        ? await this.ports.sealer.openMany({ hostname: profile.hostname, keyCheck: profile.vaultKeyCheck }, items)
        : [];
      const secrets = new Map(items.map(({ user }, i) => [user, opened[i]!]));
      const created = new Date(this.ports.clock.now()).toISOString();
      const content = await cipher.seal(JSON.stringify(buildBundle(profile, secrets, created)), options.passphrase);
      const document: BackupDocument = {
        suggestedName: `${profile.hostname}.tfa-backup.json`,
        mediaType: 'application/json',
        content,
        containsSecret: true,
        hostname: profile.hostname,
        accounts: Object.keys(profile.accounts).length,
        secrets: items.length,
      };
      return success(command, document);
    });
  }

  /** Restores a backup's profile. One that exists already is replaced only with `replace`. */
  restore(options: { text: string; passphrase: string; replace?: boolean }): Promise<Envelope<RestoreData>> {
    const command = 'restore';
    return answerAudited(this.ports, command, async (scope) => {
      // Until the backup is read, the restore is about no profile.
      scope.profile = null;
      const cipher = this.ports.backupCipher;
      if (!cipher) return failure(command, BACKUP_UNAVAILABLE);
      const { BundleError, parseBundle, profileFromBundle, secretsOf } = await bundleModule();
      let bundle: ProfileBundle;
      try {
        bundle = parseBundle(await cipher.open(options.text, options.passphrase));
      } catch (error) {
        // A bundle that decrypts but does not parse was made by something else (or a newer version): say what.
        const reason = error instanceof BundleError ? `The backup cannot be restored: ${error.message}; nothing was changed.` : BACKUP_UNREADABLE;
        return failure(command, reason);
      }
      const { hostname } = bundle.profile;
      scope.profile = hostname;
      const outcome = await this.ports.state.update(async (state) => {
        const existing = own(state.profiles, hostname);
        // The stand-in profile named after this machine holds nothing of the operator's: no need to ask.
        const standIn = existing && hostname === this.ports.machineHostname && isUntouchedProfile(existing);
        if (existing && !standIn && !options.replace) return { exists: true as const };
        const items = secretsOf(bundle);
        // keyCheck null: the profile is replaced whole, so any key the keychain already holds for this hostname is
        // reused (its check is recorded), and a missing one is made. No sealed secret of the old profile survives.
        const { sealed, keyCheck } = items.length
          ? await this.ports.sealer.sealMany({ hostname, keyCheck: null }, items)
          : { sealed: [], keyCheck: null };
        const sealedByUser = new Map(items.map(({ user }, i) => [user, sealed[i]!]));
        const machineStandIn = own(state.profiles, this.ports.machineHostname);
        if (machineStandIn && this.ports.machineHostname !== hostname && isUntouchedProfile(machineStandIn)) {
          delete state.profiles[this.ports.machineHostname];
        }
        setName(state.profiles, hostname, profileFromBundle(bundle, sealedByUser, keyCheck));
        state.activeProfile = hostname;
        return { exists: false as const, replaced: existing && !standIn ? (1 as const) : (0 as const) };
      });
      return outcome.exists
        ? failure(
            command,
            `A server profile named “${hostname}” already exists; nothing was changed. To replace its accounts, states and ` +
              `secrets with the backup's, restore with --force: tfa-provisioner restore FILE --force`,
            // exists: 1 lets the desktop app ask before it restores again with replace.
            { data: { hostname, exists: 1 as const } },
          )
        : success<RestoreData>(command, { hostname, ...counts(bundle.profile), replaced: outcome.replaced, created: bundle.created });
    });
  }
}
