/**
 * release-gates as a team's package-lock.json records it after
 * `npm install --save-dev github:release-gates/release-gates#v1`: the commit npm resolved the
 * tag to, which `release-gates init` pins.
 */
export const INSTALLED = {
  repository: 'release-gates/release-gates',
  sha: '3f9c2d8e4b7a1c6f0e5d9b2a8c4f7e1d6b3a9c05',
  version: '1.4.0',
};

export function packageLock(name = 'faq-bot'): string {
  return (
    JSON.stringify(
      {
        name,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': {
            name,
            devDependencies: { 'release-gates': 'github:release-gates/release-gates#v1' },
          },
          'node_modules/release-gates': {
            version: INSTALLED.version,
            resolved: `git+ssh://git@github.com/${INSTALLED.repository}.git#${INSTALLED.sha}`,
            dev: true,
            license: 'MIT',
            bin: { 'release-gates': 'actions/cli/dist/index.js' },
          },
        },
      },
      null,
      2,
    ) + '\n'
  );
}
