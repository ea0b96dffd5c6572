// The renderer's pure helpers: the whmapi1 command line and json-api URL as the cPanel docs print them,
// the secret's spoken form, and CSV exports.
import { describe, expect, it } from 'vitest';
import { apiUrl, shellQuote, whmapi1Line } from '../../renderer/src/lib/command-line.js';
import { secretGroups, spokenSecret } from '../../renderer/src/lib/secret-format.js';
import { csvCell, toCsv } from '../../renderer/src/lib/csv.js';
import { paramsFor } from '../../renderer/src/lib/whm-catalog.js';
import { WHM_FUNCTIONS } from '../../main/engine/whm-functions.js';
import { WHM_CATALOG } from '../../renderer/src/lib/whm-catalog.js';

describe('whmapi1Line', () => {
  it('prints the docs’ set_tfa_config sample verbatim', () => {
    expect(
      whmapi1Line(
        'twofactorauth_set_tfa_config',
        [
          ['secret', 'WJ73QJSKZBXCFIPZ'],
          ['tfa_token', '227174'],
        ],
        'jsonpretty',
      ),
    ).toBe("whmapi1 --output=jsonpretty twofactorauth_set_tfa_config secret='WJ73QJSKZBXCFIPZ' tfa_token='227174'");
  });

  it('leaves out --output for YAML, whmapi1’s default, and quotes quotes for the shell', () => {
    expect(whmapi1Line('twofactorauth_set_issuer', [['issuer', "O'Brien Hosting"]], 'yaml')).toBe(
      `whmapi1 twofactorauth_set_issuer issuer='O'\\''Brien Hosting'`,
    );
    expect(shellQuote('')).toBe("''");
  });
});

describe('apiUrl', () => {
  it('prints the docs’ get_user_configs URL verbatim', () => {
    expect(apiUrl('HOST', 'twofactorauth_get_user_configs', [['user', 'example']], 'json')).toBe(
      'https://HOST:2087/cpsess##########/json-api/twofactorauth_get_user_configs?api.version=1&user=example',
    );
  });

  it('URI-encodes values and uses xml-api for XML', () => {
    expect(apiUrl('whm.example.com', 'twofactorauth_set_issuer', [['issuer', 'Acme & Co. #1']], 'xml')).toBe(
      'https://whm.example.com:2087/cpsess##########/xml-api/twofactorauth_set_issuer?api.version=1&issuer=Acme%20%26%20Co.%20%231',
    );
  });
});

describe('paramsFor', () => {
  it('sends several users as user-1, user-2… and one as user', () => {
    expect(paramsFor('twofactorauth_remove_user_config', { user: 'alice, bob  carol' })).toEqual([
      ['user-1', 'alice'],
      ['user-2', 'bob'],
      ['user-3', 'carol'],
    ]);
    expect(paramsFor('twofactorauth_remove_user_config', { user: 'alice' })).toEqual([['user', 'alice']]);
  });

  it('leaves empty optional fields out, but keeps set_issuer’s empty issuer (it restores the default)', () => {
    expect(paramsFor('twofactorauth_get_user_configs', { user: '' })).toEqual([]);
    expect(paramsFor('twofactorauth_set_issuer', {})).toEqual([['issuer', '']]);
  });

  it('describes exactly the parameters the engine accepts', () => {
    for (const [fn, spec] of Object.entries(WHM_FUNCTIONS)) {
      const names = WHM_CATALOG[fn as keyof typeof WHM_CATALOG].fields.map((f) => f.name);
      expect(names.sort(), fn).toEqual([...spec.names].sort());
    }
  });
});

describe('the secret’s two forms', () => {
  it('groups by four for the eye and spells it for the ear', () => {
    expect(secretGroups('WJ73QJSKZBXCFIPZ')).toEqual(['WJ73', 'QJSK', 'ZBXC', 'FIPZ']);
    expect(spokenSecret('WJ73QJSKZBXCFIPZ')).toBe('W J 7 3, Q J S K, Z B X C, F I P Z');
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('');
    expect(toCsv([['time', 'user'], ['t', 1]])).toBe('time,user\r\nt,1\r\n');
  });
});
