// Reads a server's own `whmapi1 twofactorauth_get_user_configs` answer, as a file brought back from the server:
// JSON or jsonpretty (`--output=json`), whmapi1's YAML (its default output) or the legacy xml-api XML.
// Usernames in the file are data: they go into a Map, never become object keys, and a name no cPanel server
// could send (`__proto__`, control characters) makes the file damaged rather than quietly skipped.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { shownName } from './server-profiles.js';
import { messageOf } from '../common/error-message.js';

import { GET_USER_CONFIGS } from './user-configs-answer-name.js';

export { GET_USER_CONFIGS };

/** A server with 100,000 accounts answers in a few megabytes; anything far bigger is not such an answer. */
export const MAX_ANSWER_CHARS = 64 * 1024 * 1024;

export interface ServerUserConfig {
  is_enabled: 0 | 1;
  primary_domain: string;
}

export interface UserConfigsAnswer {
  format: 'json' | 'yaml' | 'xml';
  users: Map<string, ServerUserConfig>;
}

/** A file that cannot be used, with the sentence that says why. */
export class UserConfigsAnswerError extends Error {}

/** A plain, inert tree: objects here are Maps, so no name in the file can reach a prototype. */
type Tree = string | number | boolean | null | Tree[] | Map<string, Tree>;

export function parseUserConfigsAnswer(text: string): UserConfigsAnswer {
  if (text.length > MAX_ANSWER_CHARS) throw damaged(`it is larger than ${MAX_ANSWER_CHARS / 1024 / 1024} MiB`);
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') throw damaged('it is empty');
  const format = body.startsWith('{') ? 'json' : body.startsWith('<') ? 'xml' : 'yaml';
  let tree: Tree;
  try {
    tree = format === 'json' ? fromJson(body) : format === 'xml' ? fromXml(body) : fromYaml(body);
  } catch (error) {
    if (error instanceof UserConfigsAnswerError) throw error;
    throw damaged(`it is not valid ${format.toUpperCase()} (${firstLine(error)})`);
  }
  return { format, users: readEnvelope(tree) };
}

function damaged(why: string): UserConfigsAnswerError {
  return new UserConfigsAnswerError(
    `The file is not a readable twofactorauth_get_user_configs answer: ${why}. ` +
      `Save the server's answer with: whmapi1 --output=json ${GET_USER_CONFIGS} > FILE`,
  );
}

function firstLine(error: unknown): string {
  const message = messageOf(error);
  return shownName(message.split('\n')[0] ?? '').slice(0, 120);
}

function fromJson(body: string): Tree {
  // JSON.parse makes even "__proto__" an own property, so walking its keys is safe.
  const walk = (value: unknown): Tree => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      return new Map(Object.keys(value).map((key) => [key, walk((value as Record<string, unknown>)[key])]));
    }
    return value as Tree;
  };
  return walk(JSON.parse(body) as unknown);
}

function fromYaml(body: string): Tree {
  const doc = parseDocument(body, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message);
  const walk = (node: unknown): Tree => {
    if (node === null || node === undefined) return null;
    if (isMap(node)) {
      const map = new Map<string, Tree>();
      for (const pair of node.items) {
        // A key stays the text the file wrote (whmapi1 quotes number-likes; a plain 1234 is still the name "1234").
        const key = isScalar(pair.key) ? (typeof pair.key.value === 'string' ? pair.key.value : (pair.key.source ?? String(pair.key.value))) : null;
        if (key === null) throw damaged('a mapping key is not a plain value');
        map.set(key, walk(pair.value));
      }
      return map;
    }
    if (isSeq(node)) return node.items.map(walk);
    if (isScalar(node)) {
      const value = node.value;
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
    }
    // Aliases among them: whmapi1 never writes one, and resolving them is how a small file becomes a huge tree.
    throw damaged('it holds a YAML alias or tag whmapi1 never writes');
  };
  return walk(doc.contents as YamlNode | null);
}

/**
 * fast-xml-parser refuses element names such as `constructor` (a valid cPanel username) outright, so every
 * name is prefixed with "=" (which no XML name contains) on the way in and the prefix is dropped here.
 * Names this app's own XML escaped as `_xHHHH_` (envelope-format.ts) are decoded back.
 */
const xmlParser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  processEntities: true,
  transformTagName: (name) => `=${name}`,
});

function xmlName(raw: string): string {
  return raw.replace(/^=+/, '').replace(/_x([0-9A-F]{4}|[0-9A-F]{8})_/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

/** The validator lists the elements a cut-short document leaves open as `Invalid '["a", "b"]' found.`: said in words. */
function unclosedElements(message: string): string | null {
  const listed = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(message)?.[1];
  let names: unknown;
  try {
    names = listed === undefined ? null : JSON.parse(listed);
  } catch {
    return null;
  }
  if (!Array.isArray(names) || names.length === 0) return null;
  const tags = names.map((name) => `<${shownName(String(name))}>`);
  return `cut short: ${tags.join(' ')} left open`;
}

function fromXml(body: string): Tree {
  // The parser itself forgives unclosed elements; a truncated file must not read as a shorter answer.
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(unclosedElements(valid.err.msg) ?? `line ${valid.err.line}: ${valid.err.msg}`);
  const parsed = xmlParser.parse(body) as unknown[];
  const walk = (children: unknown[]): Tree => {
    const map = new Map<string, Tree>();
    let text = '';
    let elements = 0;
    for (const child of children) {
      const keys = Object.keys(child as object);
      const tag = keys.find((k) => k.startsWith('='));
      if (tag === undefined) {
        if (keys.includes('#text')) text += String((child as Record<string, unknown>)['#text']);
        continue;
      }
      elements += 1;
      const name = xmlName(tag);
      if (map.has(name)) throw damaged(`the element “${shownName(name)}” appears twice in one place`);
      map.set(name, walk((child as Record<string, unknown[]>)[tag]!));
    }
    return elements === 0 ? text : map;
  };
  const top = walk(parsed);
  // whmapi1's XML wraps the envelope in <result>; the legacy xml-api does too.
  return top instanceof Map && top.size === 1 && top.has('result') ? top.get('result')! : top;
}

function field(map: Map<string, Tree>, key: string): Tree | undefined {
  return map.has(key) ? map.get(key) : undefined;
}

function readEnvelope(tree: Tree): Map<string, ServerUserConfig> {
  if (!(tree instanceof Map)) throw damaged('it holds no WHM API 1 envelope (data and metadata)');
  const metadata = field(tree, 'metadata');
  if (!(metadata instanceof Map)) throw damaged('it has no metadata');
  const command = field(metadata, 'command');
  if (typeof command !== 'string' || command === '') throw damaged('its metadata names no function');
  // The legacy XML writes some commands with a leading slash (spec §8).
  const fn = command.replace(/^\//, '');
  if (fn !== GET_USER_CONFIGS) {
    throw new UserConfigsAnswerError(
      `The file is the answer of ${shownName(fn)}, not of ${GET_USER_CONFIGS}. ` +
        `Save the server's answer with: whmapi1 --output=json ${GET_USER_CONFIGS} > FILE`,
    );
  }
  const result = String(field(metadata, 'result'));
  if (result !== '1') {
    const reason = field(metadata, 'reason');
    throw new UserConfigsAnswerError(
      `The server's ${GET_USER_CONFIGS} answer is a failure${typeof reason === 'string' ? `: ${shownName(reason)}` : ''}. Nothing was reconciled.`,
    );
  }
  const data = field(tree, 'data');
  // An empty <data></data> or `data: {}` reads as nothing at all.
  if (data === '' || data === null) return new Map();
  if (!(data instanceof Map)) throw damaged('its data is not a list of users');
  const users = new Map<string, ServerUserConfig>();
  for (const [user, entry] of data) {
    if (user === '' || user === '__proto__' || /[\u0000-\u001f\u007f-\u009f\s]/.test(user) || user.length > 255) {
      throw damaged(`it names a user no cPanel server has (“${shownName(user)}”)`);
    }
    if (!(entry instanceof Map)) throw damaged(`the entry of “${shownName(user)}” is not a user configuration`);
    const enabled = String(field(entry, 'is_enabled'));
    const domain = field(entry, 'primary_domain');
    if (enabled !== '0' && enabled !== '1') throw damaged(`the is_enabled of “${shownName(user)}” is not 0 or 1`);
    users.set(user, { is_enabled: enabled === '1' ? 1 : 0, primary_domain: typeof domain === 'string' ? domain : domain == null ? '' : String(domain) });
  }
  return users;
}
