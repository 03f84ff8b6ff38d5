import { msg, str } from '@lit/localize';
import { errorText, type Words } from './admin-errors.js';

/** A back-office section that changes things through the API: a busy flag, an error line, a re-read. */
export interface ChangingSection {
  busy: boolean;
  error: Words | null;
  reload(): Promise<void>;
}

/**
 * Runs `change` with `section.busy` set, then reads the section again; a failure of the change
 * becomes `section.error` in the page's words (set after the re-read, which clears errors).
 * Never rejects.
 */
export async function runChange(section: ChangingSection, change: () => Promise<void>): Promise<void> {
  section.busy = true;
  section.error = null;
  let failure: unknown = null;
  let failed = false;
  try {
    await change();
  } catch (error) {
    failure = error;
    failed = true;
  } finally {
    section.busy = false;
  }
  await section.reload();
  if (failed) section.error = () => msg(str`The change was not made: ${errorText(failure)}`);
}
