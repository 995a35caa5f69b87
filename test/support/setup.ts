/**
 * Every git process in the tests (ours, simple-git's, the bundled actions') runs with an
 * isolated configuration: no system or user config, no prompts, a fixed identity.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'rg-gitconfig-'));
const config = join(home, 'gitconfig');
writeFileSync(
  config,
  [
    '[user]',
    '\tname = Release Gates Test',
    '\temail = test@release-gates.invalid',
    '[init]',
    '\tdefaultBranch = main',
    '[advice]',
    '\tdetachedHead = false',
    '',
  ].join('\n'),
);
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CONFIG_GLOBAL = config;
process.env.GIT_TERMINAL_PROMPT = '0';
// The CLI and actions must not pick up the CI run's own GitHub context.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('GITHUB_') || key.startsWith('INPUT_') || key === 'RUNNER_TEMP')
    delete process.env[key];
}
