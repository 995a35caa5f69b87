import picomatch from 'picomatch';
import type { Location, RejectedWaiver } from '../verdict/model.js';
import type { LoadedPolicy } from './load.js';
import type { Waiver } from './policy.generated.js';
import { GATE_NAMES } from './semantics.js';

export interface ActiveWaiver extends Waiver {
  location: Location;
  matches(itemId: string): boolean;
}

export interface WaiverSet {
  active: ActiveWaiver[];
  rejected: (RejectedWaiver & { gate: string })[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Last instant a waiver applies: the end of its expiry day, UTC. */
export function waiverEnd(expires: string): number {
  return Date.parse(`${expires}T00:00:00Z`) + DAY_MS - 1;
}

export function daysLeft(expires: string, now: Date): number {
  return Math.floor((waiverEnd(expires) - now.getTime()) / DAY_MS);
}

/**
 * Split the policy's waivers into those that apply now and those that do not (expired,
 * not approved by the policy owner, or aimed at a gate that is off), with the reason.
 */
export function checkWaivers(loaded: LoadedPolicy, now: Date): WaiverSet {
  const { policy } = loaded;
  const ownerRole = policy.metadata.owner;
  const owners = new Set(policy.roles[ownerRole]?.users ?? []);
  const out: WaiverSet = { active: [], rejected: [] };
  policy.waivers.forEach((w, i) => {
    const location = loaded.locate(['waivers', i]);
    const reject = (reason: string, field: string) =>
      out.rejected.push({
        id: w.id,
        gate: w.gate,
        reason,
        location: loaded.locate(['waivers', i, field]),
      });
    const gate = policy.gates[w.gate as keyof typeof policy.gates];
    if (now.getTime() > waiverEnd(w.expires)) {
      reject(`expired on ${w.expires}: not applied`, 'expires');
    } else if (!owners.has(w.approved_by)) {
      reject(
        `approved_by "${w.approved_by}" is not a user of the policy owner role "${ownerRole}": not applied`,
        'approved_by',
      );
    } else if (
      (GATE_NAMES as readonly string[]).includes(w.gate) &&
      (!gate || gate.enabled === false)
    ) {
      reject(`gate "${w.gate}" is not enabled: not applied`, 'gate');
    } else {
      const match = picomatch(w.target, { dot: true, nobrace: true, noextglob: true });
      out.active.push({ ...w, location, matches: (id) => id === w.target || match(id) });
    }
  });
  return out;
}
