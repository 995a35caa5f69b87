import { runAction } from '../runtime/action.js';

await runAction('comment');
