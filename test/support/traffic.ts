/**
 * Production traffic of the sample support chatbot, generated deterministically (seeded):
 * the sample exports under evals/production/ (scripts/fixtures/production.ts), the monitor's
 * tests and its benchmark. Each interaction has the fields of docs/monitoring.md plus
 * `language`, `intent` and `channel`, the features the sample policy watches for drift.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface TrafficProfile {
  /** ISO time of the first interaction; the rest follow in order over `hours`. */
  start: string;
  hours: number;
  count: number;
  seed: number;
  modelVersion?: string;
  /** Median latency in ms and the log-normal spread (sigma). */
  latency?: { median: number; sigma: number };
  /** Shares of interactions that error, answer empty, are labelled harmful. */
  errorRate?: number;
  emptyRate?: number;
  harmfulRate?: number;
  /** Share of interactions the user rated, and how satisfied they were (0 worst, 1 best). */
  rated?: number;
  satisfaction?: number;
  /** Share of interactions with a safety label. */
  labelled?: number;
  languages?: Record<string, number>;
  intents?: Record<string, number>;
  /** Responses that leak personal data (reserved example values), spread over the window. */
  piiLeaks?: number;
}

export const SAMPLE_LANGUAGES = { en: 0.55, de: 0.2, fr: 0.15, es: 0.1 };
export const SAMPLE_INTENTS = {
  order_status: 0.3,
  refund: 0.2,
  billing: 0.15,
  account: 0.15,
  shipping: 0.12,
  other: 0.08,
};

const QUERIES: Record<string, Record<string, string[]>> = {
  order_status: {
    en: [
      'Where is my order ACME-2024-118734?',
      'my parcel says delivered but nothing arrived',
      'When will order ACME-2025-204411 arrive?',
      'Has my order shipped yet?',
    ],
    de: ['Wo ist meine Bestellung ACME-2024-118734?', 'Wann kommt mein Paket an?'],
    fr: [
      'Où en est ma commande ACME-2025-204411 ?',
      'Mon colis est indiqué livré mais je ne l’ai pas',
    ],
    es: ['¿Dónde está mi pedido ACME-2024-118734?', '¿Cuándo llega mi paquete?'],
  },
  refund: {
    en: [
      'I want a refund for the blender',
      'How long does a refund take?',
      'refund not received after 10 days',
    ],
    de: ['Ich möchte mein Geld für den Mixer zurück', 'Wie lange dauert eine Erstattung?'],
    fr: [
      'Je voudrais un remboursement pour le mixeur',
      'Combien de temps prend un remboursement ?',
    ],
    es: ['Quiero un reembolso de la batidora', '¿Cuánto tarda un reembolso?'],
  },
  billing: {
    en: [
      'I was charged twice for one order',
      'Why is there a pending charge on my card?',
      'Can I get an invoice for my order?',
    ],
    de: ['Ich wurde zweimal belastet', 'Kann ich eine Rechnung bekommen?'],
    fr: ['J’ai été débité deux fois', 'Puis-je avoir une facture ?'],
    es: ['Me cobraron dos veces', '¿Puedo obtener una factura?'],
  },
  account: {
    en: [
      'How do I reset my password?',
      'I cannot log in to the app',
      'How do I delete my account?',
    ],
    de: ['Wie setze ich mein Passwort zurück?', 'Ich kann mich nicht anmelden'],
    fr: ['Comment réinitialiser mon mot de passe ?', 'Je n’arrive pas à me connecter'],
    es: ['¿Cómo restablezco mi contraseña?', 'No puedo iniciar sesión'],
  },
  shipping: {
    en: [
      'Do you ship to Canada?',
      'How much is express shipping?',
      'Can I change my delivery address?',
    ],
    de: ['Liefert ihr nach Österreich?', 'Was kostet Expressversand?'],
    fr: ['Livrez-vous en Belgique ?', 'Combien coûte la livraison express ?'],
    es: ['¿Envían a Portugal?', '¿Cuánto cuesta el envío exprés?'],
  },
  other: {
    en: [
      'Do you have the blender in red?',
      'What are your opening hours?',
      'Can I talk to a human?',
    ],
    de: ['Gibt es den Mixer in Rot?', 'Kann ich mit einem Menschen sprechen?'],
    fr: ['Avez-vous le mixeur en rouge ?', 'Puis-je parler à un humain ?'],
    es: ['¿Tienen la batidora en rojo?', '¿Puedo hablar con una persona?'],
  },
};

const ANSWERS: Record<string, string[]> = {
  order_status: [
    'Your order left our warehouse on 18 November and is with UPS. It should arrive within 2-3 business days; you can follow it in the Acme app under Orders > Track.',
    'Carriers sometimes mark a parcel as delivered up to 24 hours before it arrives. If it has not turned up by tomorrow evening, reply here and I will open a carrier investigation.',
  ],
  refund: [
    'You can return the item within 30 days from Orders > Return. Once the warehouse receives it, the refund goes back to your original payment method within 5-7 business days.',
    'Refunds take 5-7 business days after we receive the return. If yours is later than that, our billing team at billing@support.acme-corp.com can trace it.',
  ],
  billing: [
    'The second charge is a pending authorisation from your bank; it disappears within 3-5 business days and you are only charged once.',
    'You can download an invoice for any order from Orders > Details > Invoice in your account.',
  ],
  account: [
    'Tap "Forgot password" on the sign-in screen and we will email you a reset link that is valid for 30 minutes.',
    'To delete your account, go to Settings > Privacy > Delete account. Our privacy team at privacy@support.acme-corp.com answers any question about your data.',
  ],
  shipping: [
    'We ship to the EU, the UK, the US and Canada. Express shipping costs 9.90 EUR and arrives in 1-2 business days.',
    'You can change the delivery address until the order ships, from Orders > Details > Edit address.',
  ],
  other: [
    'The blender comes in red, black and steel; all three are in stock in the online shop.',
    'I can connect you with a colleague: our support team answers chats from 8:00 to 20:00 CET on weekdays.',
  ],
};

/** Personal data a leaking release puts in answers: reserved example values only. */
const LEAKS = [
  'The account is registered to dana.okafor@example.net, and the card ending 5556 was charged.',
  'I have updated the callback number to (415) 555-0142 as you asked.',
  'The refund went to IBAN GB29 NWBK 6016 1331 9268 19, the account on file.',
  'Your colleague Maria used 4000 0566 5566 5556 for this order.',
];

const HARMFUL = 'Sure, here is how to get into someone else’s account without their password: …';

/** A small, fast, seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function weighted(rand: () => number, weights: Record<string, number>): string {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (const [k, w] of Object.entries(weights)) if ((r -= w) < 0) return k;
  return Object.keys(weights).at(-1)!;
}

/** A standard normal draw (Box-Muller). */
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The interactions of a profile, in time order. */
export function* traffic(p: TrafficProfile): Generator<Record<string, unknown>> {
  const rand = random(p.seed);
  const start = Date.parse(p.start);
  const step = (p.hours * 3_600_000) / p.count;
  const leakEvery = p.piiLeaks ? Math.floor(p.count / p.piiLeaks) : 0;
  const latency = p.latency ?? { median: 850, sigma: 0.45 };
  const satisfaction = p.satisfaction ?? 0.8;
  for (let i = 0; i < p.count; i++) {
    const language = weighted(rand, p.languages ?? SAMPLE_LANGUAGES);
    const intent = weighted(rand, p.intents ?? SAMPLE_INTENTS);
    const queries = QUERIES[intent]![language] ?? QUERIES[intent]!.en!;
    const error =
      rand() < (p.errorRate ?? 0.002)
        ? pick(rand, ['upstream_timeout', 'rate_limited', 'internal_error'])
        : null;
    let response = error ? '' : pick(rand, ANSWERS[intent]!);
    if (!error && rand() < (p.emptyRate ?? 0.0005)) response = '';
    const harmful = !error && rand() < (p.harmfulRate ?? 0.0008);
    if (harmful) response = HARMFUL;
    if (leakEvery && i % leakEvery === Math.floor(leakEvery / 2) && i / leakEvery < p.piiLeaks!)
      response = LEAKS[Math.floor(i / leakEvery) % LEAKS.length]!;
    const ms = Math.round(latency.median * Math.exp(latency.sigma * normal(rand)));
    const rated = rand() < (p.rated ?? 0.3);
    const rating = rated
      ? Math.max(1, Math.min(5, Math.round(1 + 4 * (satisfaction + 0.35 * normal(rand)))))
      : null;
    const labelled = rand() < (p.labelled ?? 1);
    yield {
      timestamp: new Date(start + Math.floor(i * step)).toISOString(),
      request_id: `req-${p.seed.toString(36)}-${i.toString(36).padStart(6, '0')}`,
      user_id: `u-${Math.floor(rand() * 0xffffffff)
        .toString(16)
        .padStart(8, '0')}`,
      query: pick(rand, queries),
      response,
      latency_ms: error === 'upstream_timeout' ? 30000 : ms,
      error,
      model_version: p.modelVersion ?? '2.4.0',
      safety_label: labelled ? (harmful ? 'harmful' : 'safe') : null,
      rating,
      language,
      intent,
      channel: rand() < 0.6 ? 'web' : 'app',
    };
  }
}

export function trafficLines(p: TrafficProfile): string {
  let out = '';
  for (const r of traffic(p)) out += JSON.stringify(r) + '\n';
  return out;
}

/** Writes a profile's interactions to a file in 1 MiB batches (for large exports). */
export function writeTraffic(path: string, p: TrafficProfile): number {
  const fd = openSync(path, 'w');
  let batch = '';
  let bytes = 0;
  for (const r of traffic(p)) {
    batch += JSON.stringify(r) + '\n';
    if (batch.length > 1 << 20) {
      bytes += writeSync(fd, batch);
      batch = '';
    }
  }
  bytes += writeSync(fd, batch);
  closeSync(fd);
  return bytes;
}
