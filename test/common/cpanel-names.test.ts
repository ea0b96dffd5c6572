// The name rules the engine and the renderer share: valid cPanel names that happen to be Object.prototype's
// property names are names like any other; names with control characters are refused, and reasons show them safely.
import { describe, expect, it } from 'vitest';
import { domainProblem, hostnameProblem, normalizeUsername, operatorProblem, usernameProblem } from '../../main/common/cpanel-names.js';
import { shownName, shownText } from '../../main/common/shown-text.js';

describe('cPanel username rules', () => {
  it.each(['constructor', 'tostring', 'hasownproperty', 'valueof', 'isprototypeof', 'bob', 'a-b.c_d'])('accepts %s', (name) => {
    expect(usernameProblem(name)).toBeNull();
  });

  it.each([
    ['__proto__', 'is reserved'],
    ['bob\u0004', 'is not valid'],
    ['\u001b[31mred', 'is not valid'],
    ['root', 'reserved'],
    ['testing', 'reserved prefix'],
    ['1abc', 'is not valid'],
    ['', 'cannot be empty'],
  ])('refuses %j (%s)', (name, why) => {
    expect(usernameProblem(normalizeUsername(name))).toContain(why);
  });

  // cPanel's reserved prefixes and suffixes (spec §6), each named in the reason, as typed before lowercasing.
  it.each(['test', 'passwd.', 'cpmydns', 'cpanel', 'mydns', 'pg_toast', 'pg_temp', 'cpses', 'cptkt', 'cpbackup'])('refuses the reserved prefix %s', (prefix) => {
    expect(usernameProblem(`${prefix}x`, ` ${prefix.toUpperCase()}X`)).toBe(`The username “${prefix.toUpperCase()}X” begins with the reserved prefix “${prefix}”.`);
    expect(usernameProblem(`x${prefix}`)).toBeNull();
  });

  it.each(['.lock', '.cache', '.yaml', '.json', '.db', 'assword'])('refuses the reserved suffix %s', (suffix) => {
    expect(usernameProblem(`x${suffix}`)).toBe(`The username “x${suffix}” ends with the reserved suffix “${suffix}”.`);
    expect(usernameProblem(`x${suffix}x`)).toBeNull();
  });

  it('shows a refused name without its control characters', () => {
    const reason = usernameProblem('\u001b[31mx')!;
    expect(reason).not.toMatch(/[\u0000-\u001f]/);
    expect(reason).toContain('“?[31mx”');
  });

  it('lets root operate a server, and resellers that are valid usernames', () => {
    expect(operatorProblem('root')).toBeNull();
    expect(operatorProblem('constructor')).toBeNull();
    expect(operatorProblem('__proto__')).toContain('is reserved');
  });
});

describe('hostname and domain rules', () => {
  it.each(['whm.example.com', 'constructor', 'localhost', 'host-1'])('accepts the hostname %s', (host) => {
    expect(hostnameProblem(host)).toBeNull();
  });

  it.each(['__proto__', 'a\u0000b.example', '-x.example', 'a..b', ''])('refuses the hostname %j', (host) => {
    expect(hostnameProblem(host)).toMatch(/is not a valid hostname\.$/);
    expect(hostnameProblem(host)).not.toMatch(/[\u0000-\u001f]/);
  });

  it('refuses a domain with a control character, showing it as ?', () => {
    expect(domainProblem('evil\u0007.example')).toBe('“evil?.example” is not a valid domain name.');
  });
});

describe('shownName, the one sanitiser for reasons', () => {
  it('replaces controls, escapes, separators, bidi overrides, XML noncharacters and lone surrogates', () => {
    expect(shownText('a\u0000b\u001b[0m\u007f\u0085\u2028\u202e\uffff')).toBe('a?b?[0m?????');
    expect(shownText('x\ud800y\udc00')).toBe('x\ufffdy\ufffd');
    expect(shownText('😀 ok')).toBe('😀 ok');
  });

  it('bounds a huge name without splitting a surrogate pair', () => {
    const shown = shownName('😀'.repeat(100_000));
    expect(Array.from(shown)).toHaveLength(65);
    expect(shown.endsWith('😀…')).toBe(true);
    expect(shownName('x'.repeat(64))).toBe('x'.repeat(64));
  });
});
