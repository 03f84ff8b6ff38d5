import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes a fresh folder under the system's temp folder (`<prefix>XXXXXX`); the caller removes it. */
export function makeTempDir(prefix = 'pos-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
