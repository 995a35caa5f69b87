import { feedbackAddCommand } from './add.js';
import { feedbackEraseCommand } from './erase.js';
import { feedbackImportCommand } from './import.js';
import { feedbackPruneCommand } from './prune.js';
import { feedbackReportCommand } from './report.js';

/** The subcommands of `release-gates feedback`, in the order its help lists them. */
export const FEEDBACK_COMMANDS = [
  feedbackAddCommand,
  feedbackImportCommand,
  feedbackReportCommand,
  feedbackEraseCommand,
  feedbackPruneCommand,
];
