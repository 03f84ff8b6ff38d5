/** Logs a background task's failure with what it was doing; the event's promise still settles. */
export function logFailure(what: string): (error: unknown) => void {
  return (error) => console.error(`pos-shell worker: ${what} failed`, error);
}
