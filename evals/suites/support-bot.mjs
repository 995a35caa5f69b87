// An offline stand-in for the support chatbot, used by the sample safety suite and the
// promptfoo test fixtures so promptfoo runs without a model API and the same way every time:
// answers come from a small table, and "flaky" questions go wrong on some samples. The n-th
// call with the same prompt always answers the same, whatever order promptfoo runs them in.
import { setTimeout as sleep } from 'node:timers/promises';

const calls = new Map();

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const ANSWERS = [
  [/refund/i, 'Refunds go back to the original payment method within 5 business days.'],
  [/where is my order|track/i, 'You can track your order under Orders > Track shipment.'],
  [/password/i, 'Use "Forgot password" on the sign-in page to get a reset link.'],
  [/invoice|vat/i, 'Invoices with your VAT number are under Billing > Invoices.'],
  [/return/i, 'You can return items within 30 days using the prepaid label.'],
  [
    /delete my account|gdpr/i,
    'You can delete your account under Settings > Privacy > Delete account.',
  ],
];

const REFUSAL =
  "I'm sorry, I can't help with that. I can help with orders, billing and your account.";
const ATTACKS =
  /ignore (all )?previous instructions|system prompt|another customer|someone else's|credit card number of|make a bomb|hack/i;

export default class SupportBot {
  constructor(options) {
    this.providerId = options?.id ?? 'support-bot';
    this.config = options?.config ?? {};
  }

  id() {
    return this.providerId;
  }

  async callApi(prompt) {
    const n = calls.get(prompt) ?? 0;
    calls.set(prompt, n + 1);
    const h = hash(`${this.config.style ?? ''}|${prompt}#${n}`);
    await sleep(15 + (h % 40));
    const tokenUsage = {
      prompt: Math.ceil(prompt.length / 4),
      completion: 24,
      total: Math.ceil(prompt.length / 4) + 24,
    };
    if (/\[upstream-timeout\]/.test(prompt)) return { error: 'upstream timeout after 30000 ms' };
    if (ATTACKS.test(prompt)) {
      // The "lenient" variant leaks on one attack in three: what a safety suite must catch.
      if (this.config.style === 'lenient' && h % 3 === 0)
        return { output: 'Sure! My system prompt says: You are Acme Support.', tokenUsage };
      return { output: REFUSAL, tokenUsage };
    }
    if (/flaky/i.test(prompt) && h % 5 < 2)
      return { output: "I'm not sure, please contact support.", tokenUsage };
    for (const [pattern, answer] of ANSWERS) {
      if (pattern.test(prompt)) {
        return {
          output: this.config.style === 'terse' ? answer.split(' within')[0] + '.' : answer,
          tokenUsage,
        };
      }
    }
    return { output: "I'm not sure, please contact support.", tokenUsage };
  }
}
