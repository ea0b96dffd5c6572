// Records keyed by names from outside (usernames, hostnames, parameter values). A plain object literal inherits
// Object.prototype, so `record['constructor']` finds a function and `record['__proto__'] = x` replaces the
// prototype instead of storing x. A NameMap has no prototype, and is read only through own-property lookups, so every
// name is data. It stays a plain JSON object on disk and over IPC (JSON.stringify and structured clone write its own
// keys), which keeps the state file's format unchanged.

/** A null-prototype record keyed by outside names; read it with `own`, `hasName`, `names` and `entriesOf`. */
export type NameMap<T> = Record<string, T>;

/** A new null-prototype record, optionally filled from entries (later entries win). */
export function nameMap<T>(entries: Iterable<readonly [string, T]> = []): NameMap<T> {
  const map = Object.create(null) as NameMap<T>;
  // defineProperty, never assignment: assigning `__proto__` on an object that has a prototype changes the prototype.
  for (const [name, value] of entries) Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
  return map;
}

/** Copies any object's own enumerable entries into a NameMap (for values parsed from JSON or YAML). */
export function toNameMap<T>(record: Readonly<Record<string, T>>): NameMap<T> {
  return nameMap(Object.entries(record));
}

/**
 * Makes a record parsed from JSON a NameMap in place, without copying it: JSON.parse makes every key an own property
 * (`__proto__` included), so dropping the prototype leaves exactly the record's keys.
 */
export function adoptAsNameMap<T>(record: Record<string, T>): NameMap<T> {
  Object.setPrototypeOf(record, null);
  return record;
}

export function hasName(map: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.hasOwn(map, name);
}

/** The value stored under `name` itself, never one inherited from a prototype. */
export function own<T>(map: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

/** Stores `value` under `name` as an own property, whatever the name and whatever the record's prototype. */
export function setName<T>(map: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
}
