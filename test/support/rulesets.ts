import { rulesets } from '../../actions/lib/init/templates.js';
import type { FakeGitHub } from './github-server.js';

/**
 * Puts the rulesets `release-gates init` writes in force on a repository of the loopback API,
 * with the checks named as the workflows report them (`{gate}` for this repository's own jobs)
 * and, unless told otherwise, updates of stable restricted to the ruleset's bypass actors.
 */
export function installRulesets(
  gh: FakeGitHub,
  fullName: string,
  options: { checkName?: string; restrictUpdates?: boolean } = {},
): void {
  const checkName = options.checkName ?? 'gates / {gate}';
  for (const [file, text] of Object.entries(rulesets())) {
    const ruleset = JSON.parse(
      text.replace(/"gates \/ ([a-z-]+)"/g, (_m, gate: string) =>
        JSON.stringify(checkName.replaceAll('{gate}', gate)),
      ),
    ) as { rules: { type: string }[] };
    if (file === 'releases.json' && options.restrictUpdates !== false)
      ruleset.rules.push({ type: 'update' });
    gh.addRuleset(fullName, ruleset);
  }
}
