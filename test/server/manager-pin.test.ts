import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MANAGER_PIN_ALGORITHM,
  ManagerPinHashSchema,
  type ManagerPinHash,
} from '../../src/domain/manager-pin.js';
import { readPinHash, verifyManagerPin } from '../../server/config/manager-pin-hash.js';
import { call, SEED_CONFIG_ID, useTestServer, type TestServer } from './fixtures.js';

let server: TestServer;
useTestServer((s) => (server = s));

const patch = (body: unknown) => call(server.url, 'PATCH', `/api/configs/${SEED_CONFIG_ID}`, body);

/** What a tablet does offline: PBKDF2 with WebCrypto over the published fields. */
async function webCryptoMatches(pin: string, stored: ManagerPinHash): Promise<boolean> {
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await webcrypto.subtle.deriveBits(
    {
      name: 'PBKDF2',
      hash: 'SHA-256',
      salt: Buffer.from(stored.salt, 'base64'),
      iterations: stored.iterations,
    },
    key,
    Buffer.from(stored.hash, 'base64').length * 8,
  );
  return Buffer.from(bits).toString('base64') === stored.hash;
}

describe('manager PIN on the POS config', () => {
  it('stores only a salted PBKDF2-SHA256 hash, which WebCrypto verifies the way a tablet does offline', async () => {
    const answer = await patch({ managerPin: '2468' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain('2468');
    const stored = ManagerPinHashSchema.parse(answer.body.managerPinHash);
    expect(stored.algorithm).toBe(MANAGER_PIN_ALGORITHM);
    expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16);
    expect(await webCryptoMatches('2468', stored)).toBe(true);
    expect(await webCryptoMatches('2469', stored)).toBe(false);
    expect(await verifyManagerPin('2468', stored)).toBe(true);
    expect((await call(server.url, 'GET', `/api/configs/${SEED_CONFIG_ID}`)).body.managerPinHash).toEqual(
      stored,
    );
  });

  it('salts each PIN afresh: the same PIN set twice gives two different hashes', async () => {
    const first = (await patch({ managerPin: '1357' })).body.managerPinHash;
    const second = (await patch({ managerPin: '1357' })).body.managerPinHash;
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
  });

  it('null removes the PIN', async () => {
    await patch({ managerPin: '1357' });
    expect((await patch({ managerPin: null })).body.managerPinHash).toBeNull();
  });

  it.each([['123'], ['123456789'], ['12a4'], [1234], ['']])(
    'refuses managerPin %j with 400 validation_failed',
    async (pin) => {
      const answer = await patch({ managerPin: pin });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
    },
  );

  it('reads a damaged stored hash as no hash', () => {
    expect(readPinHash('not json')).toBeNull();
    expect(readPinHash(JSON.stringify({ algorithm: 'md5', iterations: 1, salt: 'a', hash: 'b' }))).toBeNull();
    expect(readPinHash(null)).toBeNull();
  });
});
