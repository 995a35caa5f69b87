import { errorItems } from '../gate.js';
import { expectedGuards, platformGuardItems } from '../platform/guards.js';
import { decide, errorVerdict } from '../verdict/decide.js';
import { makeReport } from '../verdict/report.js';
import { loadPolicy } from './policy-source.js';
import { REPO_OPTION, withRepository } from './pull-request.js';
import { POLICY_OPTIONS, defineCommand } from './spec.js';

const TITLE = 'Platform guards';

/** The rulesets the gates rely on, checked through the API: the policy gate's platform items. */
export const platformGuardsCommand = defineCommand({
  name: 'platform-guards',
  summary:
    'Check the rulesets of the source and release branches: pull requests, code-owner review, last-push approval, every gate as a required check, no force push or deletion of the release branch.',
  details:
    'Reads GET /repos/{owner}/{repo}/rules/branches/{branch} for promotion.source and promotion.branch with GITHUB_TOKEN or GH_TOKEN (contents: read). Each missing guard fails with its fix. The policy gate runs the same check on every pull request. Next: docs/adopting.md.',
  options: { ...POLICY_OPTIONS, repo: REPO_OPTION },
  examples: [
    {
      what: 'Check the rulesets of the repository (needs GITHUB_TOKEN, contents: read)',
      run: 'release-gates platform-guards --repo acme/support-chatbot',
    },
    { what: 'The same, as JSON', run: 'release-gates platform-guards --format json' },
  ],
  async run(options, { ports, run: runInfo }) {
    const run = withRepository(options, runInfo);
    let loaded;
    try {
      loaded = await loadPolicy(options, ports);
    } catch (e) {
      return makeReport(
        'platform-guards',
        [errorVerdict('platform-guards', TITLE, 'enforce', errorItems(e))],
        null,
        run.commit,
      );
    }
    let items;
    try {
      items = await platformGuardItems(loaded.policy, ports.github, run, { required: true });
    } catch (e) {
      items = errorItems(e, 'platform/');
    }
    const { source, release } = expectedGuards(loaded.policy);
    const failed = items.filter((i) => i.status === 'fail' || i.status === 'error').length;
    const verdict = decide(
      {
        items,
        summary: failed
          ? `${failed} guard${failed === 1 ? '' : 's'} missing or unreadable on ${source} and ${release}`
          : `every guard the gates rely on is in force on ${source} and ${release}`,
      },
      { gate: 'platform-guards', title: TITLE, mode: 'enforce' },
    );
    return makeReport('platform-guards', [verdict], loaded.ref, run.commit);
  },
});
