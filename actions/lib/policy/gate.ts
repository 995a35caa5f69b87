import { UserError } from '../errors.js';
import { errorItems, type Gate } from '../gate.js';
import { platformGuardItems } from '../platform/guards.js';
import type { Item } from '../verdict/model.js';
import { roleReferences } from './semantics.js';
import { checkWaivers, daysLeft } from './waivers.js';

/**
 * The policy's own health, beyond what validate-policy rejects: waivers that expired or
 * expire soon, roles that gates depend on but nobody holds, and the platform's rulesets the
 * gates rely on (platform/guards.ts). Runs on every pull request.
 */
export const policyGate: Gate<'policy'> = {
  name: 'policy',
  title: 'Policy',
  async run({ loaded, config, now, ports, run }) {
    const { policy } = loaded;
    const file = loaded.ref.file;
    const items: Item[] = [
      {
        id: 'schema',
        status: 'pass',
        message: `${file} is a valid ${policy.apiVersion} policy for ${policy.metadata.name}`,
        location: { file, line: 1, column: 1 },
        rule: 'schema',
      },
    ];

    const waivers = checkWaivers(loaded, now);
    for (const w of waivers.active) {
      const left = daysLeft(w.expires, now);
      const soon = left < config.waiver_warning_days;
      items.push({
        id: `waiver/${w.id}`,
        status: soon ? 'warn' : 'info',
        message: `waiver ${w.id} waives ${w.gate}/${w.target} until ${w.expires} (${left} day${left === 1 ? '' : 's'} left; owner ${w.owner}, ticket ${w.ticket})`,
        observed: left,
        expected: `≥ ${config.waiver_warning_days} days left`,
        ...(soon ? { hint: `renew or close ${w.ticket} before ${w.expires}` } : {}),
        location: w.location,
        rule: 'waiver',
      });
    }
    for (const r of waivers.rejected) {
      items.push({
        id: `waiver/${r.id}`,
        status: 'warn',
        message: `waiver ${r.id} ${r.reason}`,
        hint: 'remove the waiver, or renew it with a new expiry approved by the policy owner',
        ...(r.location ? { location: r.location } : {}),
        rule: 'waiver',
      });
    }

    const checked = new Set<string>();
    for (const { role, path } of roleReferences(policy)) {
      if (checked.has(role)) continue;
      checked.add(role);
      const holders = policy.roles[role];
      const count = (holders?.users.length ?? 0) + (holders?.teams.length ?? 0);
      items.push({
        id: `role/${role}`,
        status: count > 0 ? 'pass' : 'fail',
        message:
          count > 0
            ? `role ${role} is held by ${[...(holders?.users ?? []), ...(holders?.teams ?? [])].join(', ')}`
            : `role ${role} is required (at ${path.join('.')}) but has no users or teams`,
        observed: count,
        expected: '≥ 1 holder',
        ...(count > 0 ? {} : { hint: `add users or teams under roles.${role}` }),
        location: loaded.locate(['roles', role], { key: true }),
        rule: 'role',
      });
    }
    try {
      items.push(...(await platformGuardItems(policy, ports.github, run, { required: false })));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      items.push(...errorItems(e, 'platform/'));
    }
    return { items };
  },
};
