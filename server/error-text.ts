/**
 * An error in one line for a log or a start-up message: its message, or its code when the message
 * is empty. Node gives an empty message for an AggregateError (localhost tried on ::1 and
 * 127.0.0.1): its parts are joined.
 */
export function errorText(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(errorText).join('; ');
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
