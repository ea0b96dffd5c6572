// In-memory ports for the engine tests: a settable clock, deterministic randomness, a JSON-cloning
// state repository, a sealer that really encrypts (AES-256-GCM, one key per hostname), a sealer that
// fails like a missing keychain, and an audit trail that keeps what it is given.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import {
  AdapterError,
  type AuditEntry,
  type AuditTrail,
  type Clock,
  type EnginePorts,
  type OpenRequest,
  type RandomSource,
  type SealRequest,
  type SealResult,
  type SecretSealer,
  type StateRepository,
  type VaultRef,
} from '../../main/engine/ports.js';
import { emptyState, adoptNameMaps, type TfaState } from '../../main/engine/state.js';
import { TfaEngine } from '../../main/engine/tfa-engine.js';

/** 2009-02-13T23:31:30Z, RFC 6238's 1234567890 row: the fixed "now" of most tests. */
export const FIXED_NOW_MS = 1_234_567_890_000;
export const MACHINE_HOSTNAME = 'whm.example.test';

export class FakeClock implements Clock {
  constructor(public ms: number = FIXED_NOW_MS) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/**
 * Deterministic bytes: queued arrays are handed out first (each must have the requested length),
 * then a seeded stream (SHA-256 in counter mode), so every run produces the same secrets.
 */
export class SeededRandom implements RandomSource {
  private readonly queue: Uint8Array[] = [];
  private counter = 0;
  calls = 0;
  /** When set, bytes() throws an Error with this message. */
  failWith: string | null = null;

  constructor(private readonly seed = 'tfa-engine-tests') {}

  enqueue(...arrays: Uint8Array[]): this {
    this.queue.push(...arrays);
    return this;
  }

  bytes(length: number): Uint8Array {
    this.calls += 1;
    if (this.failWith !== null) throw new Error(this.failWith);
    const queued = this.queue.shift();
    if (queued) {
      if (queued.length !== length) throw new Error(`SeededRandom: queued ${queued.length} bytes, asked for ${length}`);
      return queued.slice();
    }
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      const take = Math.min(block.length, length - filled);
      out.set(block.subarray(0, take), filled);
      filled += take;
    }
    return out;
  }
}

/** Keeps the state as JSON text, so nothing a caller holds can alias it; a throwing mutator changes nothing. */
export class MemoryStateRepository implements StateRepository {
  private json: string;
  reads = 0;
  updates = 0;
  /** When set, read() / update() throw an Error with this message (a corrupt or locked state file). */
  failReadsWith: string | null = null;
  failUpdatesWith: string | null = null;

  constructor(initial: TfaState = emptyState()) {
    this.json = JSON.stringify(initial);
  }

  async read(): Promise<TfaState> {
    this.reads += 1;
    if (this.failReadsWith !== null) throw new Error(this.failReadsWith);
    return adoptNameMaps(JSON.parse(this.json) as TfaState);
  }

  async update<T>(mutate: (state: TfaState) => T | Promise<T>): Promise<T> {
    this.updates += 1;
    if (this.failUpdatesWith !== null) throw new Error(this.failUpdatesWith);
    const draft = adoptNameMaps(JSON.parse(this.json) as TfaState);
    const result = await mutate(draft);
    this.json = JSON.stringify(draft);
    return result;
  }

  /** The stored state, as JSON text (for "nothing changed" assertions). */
  snapshot(): string {
    return this.json;
  }

  peek(): TfaState {
    return JSON.parse(this.json) as TfaState;
  }
}

function keyCheckOf(key: Buffer): string {
  return createHash('sha256').update(key).update('key check').digest('hex').slice(0, 16);
}

function missingKey(hostname: string): AdapterError {
  return new AdapterError(`KEYCHAIN_KEY_MISSING: the keychain has no vault key for “${hostname}”`, 'KEYCHAIN_KEY_MISSING');
}

/** Reversible AES-256-GCM sealing with one random key per hostname, honouring VaultRef.keyCheck like the real vault. */
export class MemorySealer implements SecretSealer {
  readonly keys = new Map<string, Buffer>();
  sealCalls: { vault: VaultRef; count: number }[] = [];
  openCalls: { vault: VaultRef; count: number }[] = [];
  forgotten: string[] = [];
  private nonceCounter = 0;

  constructor(private readonly random: RandomSource = new SeededRandom('sealer')) {}

  private keyFor(vault: VaultRef, mayCreate: boolean): Buffer {
    const found = this.keys.get(vault.hostname);
    if (found) {
      if (vault.keyCheck !== null && keyCheckOf(found) !== vault.keyCheck) throw missingKey(vault.hostname);
      return found;
    }
    if (vault.keyCheck !== null || !mayCreate) throw missingKey(vault.hostname);
    const key = Buffer.from(this.random.bytes(32));
    this.keys.set(vault.hostname, key);
    return key;
  }

  async sealMany(vault: VaultRef, items: readonly SealRequest[]): Promise<SealResult> {
    this.sealCalls.push({ vault: { ...vault }, count: items.length });
    const key = this.keyFor(vault, true);
    const sealed = items.map(({ user, secret }) => {
      const nonce = Buffer.alloc(12);
      nonce.writeUInt32BE(++this.nonceCounter, 8);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(`${vault.hostname}\0${user}`));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return ['fake1', nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    });
    return { sealed, keyCheck: keyCheckOf(key) };
  }

  async openMany(vault: VaultRef, items: readonly OpenRequest[]): Promise<string[]> {
    this.openCalls.push({ vault: { ...vault }, count: items.length });
    const key = this.keyFor(vault, false);
    return items.map(({ user, sealed }) => {
      const [tagName, nonce, body, tag] = sealed.split('.');
      if (tagName !== 'fake1' || !nonce || body === undefined || !tag) throw new Error(`malformed sealed secret for ${user}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(`${vault.hostname}\0${user}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    });
  }

  async forget(hostname: string): Promise<void> {
    this.forgotten.push(hostname);
    this.keys.delete(hostname);
  }
}

export const KEYCHAIN_FAILURE_MESSAGE = 'KEYCHAIN_UNAVAILABLE: the keychain is locked or missing';

/** A sealer whose keychain is gone: every call throws, as the real vault does when the OS keychain fails. */
export class FailingSealer implements SecretSealer {
  calls = 0;
  async sealMany(): Promise<SealResult> {
    this.calls += 1;
    throw new AdapterError(KEYCHAIN_FAILURE_MESSAGE, 'KEYCHAIN_UNAVAILABLE');
  }
  async openMany(): Promise<string[]> {
    this.calls += 1;
    throw new AdapterError(KEYCHAIN_FAILURE_MESSAGE, 'KEYCHAIN_UNAVAILABLE');
  }
  async forget(): Promise<void> {
    this.calls += 1;
    throw new AdapterError(KEYCHAIN_FAILURE_MESSAGE, 'KEYCHAIN_UNAVAILABLE');
  }
}

export class MemoryAuditTrail implements AuditTrail {
  entries: AuditEntry[] = [];
  /** A message (thrown as a plain Error, as a bare system error would be) or the error itself. */
  failWith: string | Error | null = null;

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (this.failWith !== null) throw typeof this.failWith === 'string' ? new Error(this.failWith) : this.failWith;
    this.entries.push(...entries.map((e) => ({ ...e })));
  }

  async read(): Promise<AuditEntry[]> {
    return this.entries.map((e) => ({ ...e }));
  }
}

export interface TestPorts extends EnginePorts {
  clock: FakeClock;
  random: SeededRandom;
  state: MemoryStateRepository;
  audit: MemoryAuditTrail;
}

export interface Harness<S extends SecretSealer = MemorySealer> {
  engine: TfaEngine;
  ports: TestPorts & { sealer: S };
  clock: FakeClock;
  random: SeededRandom;
  state: MemoryStateRepository;
  sealer: S;
  audit: MemoryAuditTrail;
}

export interface EngineOverrides<S extends SecretSealer> {
  clock?: FakeClock;
  random?: SeededRandom;
  state?: MemoryStateRepository;
  sealer?: S;
  audit?: MemoryAuditTrail;
  machineHostname?: string;
}

export function makeEngine<S extends SecretSealer = MemorySealer>(overrides: EngineOverrides<S> = {}): Harness<S> {
  const ports = {
    clock: overrides.clock ?? new FakeClock(),
    random: overrides.random ?? new SeededRandom(),
    state: overrides.state ?? new MemoryStateRepository(),
    sealer: overrides.sealer ?? (new MemorySealer() as unknown as S),
    audit: overrides.audit ?? new MemoryAuditTrail(),
    machineHostname: overrides.machineHostname ?? MACHINE_HOSTNAME,
  };
  return { engine: new TfaEngine(ports), ports, ...ports };
}

/** `[name, value]` pairs from `name=value` words, as whmapi1 takes them. */
export function params(...words: string[]): [string, string][] {
  return words.map((word) => {
    const at = word.indexOf('=');
    if (at < 0) throw new Error(`params(): ${word} is not key=value`);
    return [word.slice(0, at), word.slice(at + 1)];
  });
}
