import type { InputRecorder } from '../gate.js';
import type { PiiCheck } from '../pii/redact.js';
import type { Feedback } from '../policy/policy.generated.js';

/** What every feedback operation works with, once the command has read its options and policy. */
export interface FeedbackContext {
  /** The policy's feedback section, or the defaults without a policy. */
  config: Feedback;
  /** The store's path. */
  store: string;
  pii: PiiCheck;
  inputs: InputRecorder;
  now: Date;
}
