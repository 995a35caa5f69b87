import { UserError } from '../../errors.js';
import { importFeedback } from '../../feedback/import.js';
import { INTAKE_BRANCH, type Api } from '../../feedback/intake.js';
import { withPullRequest } from '../pull-request.js';
import { defineCommand, flag, list, text } from '../spec.js';
import { STORE_OPTIONS, context, report } from './context.js';

export const feedbackImportCommand = defineCommand({
  name: 'feedback import',
  summary:
    'Import feedback from a JSON or JSON Lines file, or from the issues of the feedback form; all or nothing.',
  details:
    'Every record is checked first; any invalid one (each problem named by record and field) means nothing is written, unless --skip-invalid. --from-issues reads the open issues labelled feedback.issue_label (written with .github/ISSUE_TEMPLATE/feedback.yml), appends them with the id issue-<number>, and closes each with a comment, its body masked when it held personal data; an issue already in the store is never imported twice.',
  positional: { name: 'file', description: 'A JSON list of records, or JSON Lines (.jsonl).' },
  options: {
    file: list('File to import.', { paths: true }),
    'from-issues': flag(
      'Import the issues of the feedback form instead of a file (needs GITHUB_TOKEN).',
    ),
    'include-closed': flag(
      'With --from-issues: closed issues too (recovers issues closed by a run whose commit of the store was lost).',
    ),
    into: text(
      `Deliver the records as a pull request into this branch (e.g. main) from the branch ${INTAKE_BRANCH}, for rulesets that block direct pushes, instead of appending to the working tree's store; issues are closed only once their records are on that branch (needs GITHUB_TOKEN: contents, pull-requests and issues: write).`,
    ),
    'skip-invalid': flag('Import the valid records and report the invalid ones as warnings.'),
    repo: text('Repository of the feedback issues, as OWNER/NAME. Default: GITHUB_REPOSITORY.', {
      cliOnly: true,
    }),
    ...STORE_OPTIONS,
  },
  examples: [
    {
      what: 'Import a survey export, all or nothing',
      run: 'release-gates feedback import survey.jsonl',
    },
    {
      what: 'Import the issues of the feedback form (needs GITHUB_TOKEN)',
      run: 'release-gates feedback import --from-issues --repo acme/support-chatbot',
    },
    {
      what: 'Import the valid records; the invalid ones are warnings',
      run: 'release-gates feedback import survey.jsonl --skip-invalid',
    },
  ],
  async run(options, env) {
    const { ports } = env;
    const run = await withPullRequest(options, ports, env.run);
    const ctx = await context(options, ports);
    const files = options.file;
    const file = files[0];
    const fromIssues = options['from-issues'];
    if (files.length > 1 || !file === !fromIssues)
      throw new UserError({
        message: fromIssues
          ? 'give a file or --from-issues, not both'
          : files.length > 1
            ? 'give one file to import at a time'
            : 'give a file to import, or --from-issues',
        hint: 'e.g. release-gates feedback import survey.jsonl',
      });
    const into = options.into;
    let api: Api | undefined;
    if (fromIssues || into) {
      if (!ports.github || !run.repository)
        throw new UserError({
          message: `${fromIssues ? '--from-issues reads the feedback issues' : '--into opens a pull request'} through the GitHub API, but ${ports.github ? 'the repository is not known' : 'no token was given'}`,
          hint: ports.github
            ? 'pass --repo OWNER/NAME, or set GITHUB_REPOSITORY'
            : 'set GITHUB_TOKEN or GH_TOKEN (issues: write, to close the imported issues)',
        });
      api = { github: ports.github, repo: run.repository };
    }
    const outcome = await importFeedback(ports, ctx, {
      file,
      includeClosed: options['include-closed'],
      skipInvalid: options['skip-invalid'],
      into,
      api,
    });
    return report('import', ctx, run, outcome);
  },
});
