import { describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN_KEY,
  adoptToken,
  forgetToken,
  hashWithoutToken,
  isTokenText,
  tokenFromHash,
  type TokenPlace,
} from '../../src/admin/admin-token.js';

/** A fake window: location parts, a history that records replaceState, and a Map-backed storage. */
function makePlace(
  hash: string,
  stored?: string,
): TokenPlace & { replaced: string[]; items: Map<string, string> } {
  const items = new Map<string, string>(stored === undefined ? [] : [[ADMIN_TOKEN_KEY, stored]]);
  const replaced: string[] = [];
  return {
    location: { hash, pathname: '/admin', search: '' },
    history: { state: null, replaceState: (_data, _unused, url) => void replaced.push(String(url)) },
    sessionStorage: {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    },
    replaced,
    items,
  };
}

describe('tokenFromHash', () => {
  it('reads #token=, alone or among other parameters, percent-decoded and trimmed', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#view=devices&token=a%2Bb%3D')).toBe('a+b=');
    expect(tokenFromHash('token=%20xyz%20')).toBe('xyz');
  });

  it('keeps a + as a + (tokens may be base64, this is not a form query)', () => {
    expect(tokenFromHash('#token=a+b')).toBe('a+b');
  });

  it('answers null without a token or with an empty one', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#tokens=abc')).toBeNull();
  });

  it('does not throw on a malformed escape', () => {
    expect(tokenFromHash('#token=%E0%A4%A')).toBe('%E0%A4%A');
  });
});

describe('hashWithoutToken', () => {
  it('drops the token and keeps the rest', () => {
    expect(hashWithoutToken('#token=abc')).toBe('');
    expect(hashWithoutToken('#view=devices&token=abc')).toBe('#view=devices');
    expect(hashWithoutToken('')).toBe('');
  });
});

describe('adoptToken', () => {
  it('stores the token of the link and removes it from the address bar', () => {
    const place = makePlace('#token=s3cret', 'older');
    expect(adoptToken(place)).toBe('s3cret');
    expect(place.items.get(ADMIN_TOKEN_KEY)).toBe('s3cret');
    expect(place.replaced).toEqual(['/admin']);
  });

  it('falls back to the token stored in this tab, leaving the URL alone', () => {
    const place = makePlace('', 'kept');
    expect(adoptToken(place)).toBe('kept');
    expect(place.replaced).toEqual([]);
  });

  it('answers null when there is neither, and forgetToken clears it', () => {
    expect(adoptToken(makePlace(''))).toBeNull();
    const place = makePlace('', 'kept');
    forgetToken(place);
    expect(adoptToken(place)).toBeNull();
  });
});

describe('isTokenText (what the sign-in form refuses without a request)', () => {
  it('takes printable ASCII from ! to ~, as tokens are', () => {
    expect(isTokenText('pos_admin_AbC-123_xyz')).toBe(true);
    expect(isTokenText('!~')).toBe(true);
    expect(isTokenText('a+b/c=')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a space inside', 'pos_admin abc'],
    ['a tab', 'pos_admin\tabc'],
    ['a line break', 'pos_admin\nabc'],
    ['an accent', 'pos_admin_é'],
    ['a no-break space', 'pos_admin\u00a0abc'],
    ['a control character', 'pos_admin\u007f'],
    ['an emoji', 'pos_admin_🙂'],
  ])('refuses a token with %s', (_kind, token) => {
    expect(isTokenText(token)).toBe(false);
  });
});
