import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/domain/base64.js';
import {
  REFUND_PROOF_PATTERN,
  refundProof,
  refundProofMessage,
  RefundProofSchema,
} from '../../src/domain/refund-proof.js';

const UUID = 'A1B2C3D4-0000-4000-8000-00000000000F';
/** A derived key as a config publishes it (manager-pin.ts): 32 bytes, base64. */
const KEY = randomBytes(32).toString('base64');

describe('the manager proof of a refund without receipt', () => {
  it('is HMAC-SHA-256 over refund:<uuid lowercased>:<amountTotal> keyed with the PIN hash, as node:crypto computes it', async () => {
    const proof = await refundProof({ uuid: UUID, amountTotal: -1250 }, { hash: KEY });
    const expected = createHmac('sha256', Buffer.from(KEY, 'base64'))
      .update(`refund:${UUID.toLowerCase()}:-1250`)
      .digest('base64');
    expect(proof).toBe(expected);
    expect(proof).toMatch(REFUND_PROOF_PATTERN);
    expect(RefundProofSchema.safeParse(proof).success).toBe(true);
    expect(refundProofMessage({ uuid: UUID, amountTotal: -1250 })).toBe(`refund:${UUID.toLowerCase()}:-1250`);
  });

  it('changes with the uuid, the amount and the key, not with the uuid’s letter case', async () => {
    const base = await refundProof({ uuid: UUID, amountTotal: -1250 }, { hash: KEY });
    expect(await refundProof({ uuid: UUID.toLowerCase(), amountTotal: -1250 }, { hash: KEY })).toBe(base);
    expect(await refundProof({ uuid: UUID, amountTotal: -1251 }, { hash: KEY })).not.toBe(base);
    expect(await refundProof({ uuid: UUID.replace('F', 'E'), amountTotal: -1250 }, { hash: KEY })).not.toBe(
      base,
    );
    const other = randomBytes(32).toString('base64');
    expect(await refundProof({ uuid: UUID, amountTotal: -1250 }, { hash: other })).not.toBe(base);
  });

  it('rejects a key that is not base64', async () => {
    await expect(refundProof({ uuid: UUID, amountTotal: -1 }, { hash: 'not base64!' })).rejects.toThrow(
      /base64/,
    );
  });
});

describe('base64 of the domain', () => {
  it('reads back what it writes, as Node spells it (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect([...(fromBase64(text) ?? [])]).toEqual([...bytes]);
      }),
    );
    expect(fromBase64('a$b=')).toBeNull();
    expect(fromBase64('abcde')).toBeNull();
  });
});
