/**
 * Which model production should be running: the version the release branch ships, read at
 * the branch's head on the remote through git (never the checkout, which is the default
 * branch), the same way promotion records it. A window of another model's interactions says
 * nothing about the release.
 */
import { UserError } from '../errors.js';
import { errorItems, type InputRecorder } from '../gate.js';
import type { ReleasePolicy } from '../policy/policy.generated.js';
import type { GitPort } from '../ports.js';
import { readShippedModel } from '../shipped-model.js';
import type { Item } from '../verdict/model.js';
import { count, percent } from '../words.js';
import type { Window } from './window.js';

interface ReleasedModel {
  version: string;
  branch: string;
  commit: string;
  /** The model configuration file, as it is on the branch. */
  file: string;
}

export async function readReleasedModel(
  policy: ReleasePolicy & { model: NonNullable<ReleasePolicy['model']> },
  git: GitPort,
  inputs: InputRecorder,
): Promise<ReleasedModel> {
  const { branch, remote } = policy.promotion;
  const name = `refs/heads/${branch}`;
  const head = (await git.fetchRefs(remote, [name])).refs.find((r) => r.name === name);
  if (!head)
    throw new UserError({
      message: `the release branch ${branch} does not exist on ${remote}: there is no release whose model production runs`,
      hint: 'promote a release first (docs/release-model.md); the monitor judges the model of the release on the release branch',
    });
  const file = policy.model.config;
  const shipped = await readShippedModel(policy, {
    inputs: {
      read: async (path) => {
        const bytes = await inputs.readAt(head.commit, path);
        if (bytes) return bytes;
        throw new UserError({
          message: `the release branch ${branch} has no ${path}: the model it ships is not known`,
          hint: 'point model.config of the policy at the model configuration the releases carry',
          location: { file: path },
        });
      },
    },
    files: git.filesAt(head.commit),
  });
  return { version: shipped.version, branch, commit: head.commit, file };
}

/** Item `window/model-version`: every interaction of the window comes from the released model. */
export function modelVersionItem(w: Window, released: ReleasedModel | { error: unknown }): Item {
  const id = 'window/model-version';
  if ('error' in released) return { ...errorItems(released.error)[0]!, id, rule: 'input' };
  const { version, branch } = released;
  const others = [...w.versions].filter(([v]) => v !== version).sort((a, b) => b[1] - a[1]);
  const off = w.interactions - (w.versions.get(version) ?? 0);
  const shown = w.redact(version);
  if (off === 0)
    return {
      id,
      status: 'pass',
      observed: shown,
      expected: shown,
      message: `every interaction comes from model ${shown}, the release on ${branch}`,
      location: { file: released.file },
      rule: 'input',
    };
  const listed = others
    .slice(0, 3)
    .map(([v, k]) => `${w.redact(v)} (${count(k)})`)
    .join(', ');
  return {
    id,
    status: 'error',
    observed: others[0] ? w.redact(others[0][0]) : null,
    expected: shown,
    message: `${count(off)} of ${count(w.interactions)} interactions (${percent(off / w.interactions)}) come from another model than ${shown}, the release on ${branch}: ${listed}${others.length > 3 ? ', …' : ''}; the window does not show how the release behaves`,
    hint: `export only the interactions since the release on ${branch} went live; if production does not run it, deploy the release (docs/release-model.md)`,
    location: { file: w.files[0]! },
    rule: 'input',
  };
}
