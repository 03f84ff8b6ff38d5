import type { Words } from './admin-errors.js';
import type { SessionListItem } from './admin-types.js';
import type { CountErrors } from './count-form.js';
import type { CountValues } from './pos-admin-cash-count.js';

/** A count being typed: the expected cash (null if unreadable), the fields and their problems. */
export interface PendingCount {
  expected: number | null;
  expectedError: Words | null;
  values: CountValues;
  errors: CountErrors;
}

/** The opening of a session in opening control under cash control: its float being counted. */
export interface PendingOpen {
  session: SessionListItem;
  count: PendingCount;
}

/** A count form nothing was typed in yet. */
export const EMPTY_COUNT: CountValues = { counted: '', note: '' };

/** What changed between two states of a count form: each field typed in again loses its problem. */
export function typedCount(count: PendingCount, values: CountValues): PendingCount {
  const errors = { ...count.errors };
  if (values.counted !== count.values.counted) delete errors.counted;
  if (values.note !== count.values.note) delete errors.note;
  return { ...count, values, errors };
}
