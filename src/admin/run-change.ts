import { errorMessage } from './admin-api.js';

/** A back-office section that changes things through the API: a busy flag, an error line, a re-read. */
export interface ChangingSection {
  busy: boolean;
  error: string | null;
  reload(): Promise<void>;
}

/**
 * Runs `change` with `section.busy` set, then reads the section again; a failure of the change
 * becomes `section.error` (set after the re-read, which clears errors). Never rejects.
 */
export async function runChange(section: ChangingSection, change: () => Promise<void>): Promise<void> {
  section.busy = true;
  section.error = null;
  let failure: string | null = null;
  try {
    await change();
  } catch (error) {
    failure = errorMessage(error);
  } finally {
    section.busy = false;
  }
  await section.reload();
  if (failure) section.error = failure;
}
