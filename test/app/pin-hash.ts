import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { MANAGER_PIN_ALGORITHM, type ManagerPinHash } from '../../src/domain/manager-pin.js';

/**
 * A manager PIN hash as the server makes it, PBKDF2-SHA256 with a random salt, but with few
 * iterations (1,000 unless said): the tests are about the format and the check, not the cost.
 */
export function hashOf(pin: string, iterations = 1_000): ManagerPinHash {
  const salt = randomBytes(16);
  return {
    algorithm: MANAGER_PIN_ALGORITHM,
    iterations,
    salt: salt.toString('base64'),
    hash: pbkdf2Sync(pin, salt, iterations, 32, 'sha256').toString('base64'),
  };
}
