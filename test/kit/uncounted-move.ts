/**
 * The body of a manager's move of a session to `state` that cash control (on for the seeded
 * config) lets through whatever the drawer holds: a float of 0 counted at opening; at closing, a
 * count of 0 with a note saying the drawer was not counted (a note explains any difference).
 * Tests, benches and scripts that move sessions without being about cash send it; a test of the
 * counts themselves sends its own.
 */
export function uncountedMove(state: string): Record<string, unknown> {
  if (state === 'opened') return { state, openingCash: 0 };
  if (state === 'closed') return { state, closingCash: 0, closingNote: 'Test: the drawer was not counted' };
  return { state };
}
