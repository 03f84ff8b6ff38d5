import { SESSION_STATES } from './session-rules.js';
import { z } from './zod.js';

export {
  SESSION_STATES,
  canCreateOrder,
  canSendOrder,
  canTransition,
  serverAcceptsOrders,
  type GuardState,
} from './session-rules.js';

/** A session state as the server sends it: one of SESSION_STATES (session-rules.ts, with the rules). */
export const SessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionStateSchema>;
