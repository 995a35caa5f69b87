import { UserError } from './errors.js';
import { sha256 } from './parse/bytes.js';
import { readTextInput, type TextSource } from './parse/text-input.js';
import { parseYaml, type DocPath, type YamlFile } from './parse/yaml.js';
import type { ReleasePolicy } from './policy/policy.generated.js';
import type { FilePort } from './ports.js';
import type { Location } from './verdict/model.js';

/** The model this release ships, as its configuration file declares it. */
export interface ShippedModel {
  id: string;
  version: string;
  /** The model configuration file. */
  file: string;
  /** Where the version is written, for findings that a version change causes. */
  versionLocation: Location;
}

const MAX_CONFIG_BYTES = 1024 * 1024;

type FieldValue =
  | { found: true; value: string; path: DocPath; location: Location }
  | { found: false; reason: 'missing' | 'not-text'; path: DocPath; location: Location };

/** A text (or number) value at a dotted path such as `model.version`. */
export function textField(yaml: YamlFile, dotted: string): FieldValue {
  const path = dotted.split('.');
  let value: unknown = yaml.value;
  for (const key of path) {
    value =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)[key]
        : undefined;
  }
  const location = { ...yaml.locate(path), pointer: '/' + path.join('/') };
  if (value === undefined || value === null || value === '')
    return { found: false, reason: 'missing', path, location };
  if (typeof value !== 'string' && typeof value !== 'number')
    return { found: false, reason: 'not-text', path, location };
  return { found: true, value: String(value).trim(), path, location };
}

/**
 * Reads the model configuration the policy names (`model.config`) through the gate's input
 * recorder, so the verdict lists it with its sha256. Throws UserError with a location when
 * the policy names none, the file is unreadable, or the id or version is missing.
 */
export async function readShippedModel(
  policy: ReleasePolicy,
  source: TextSource,
): Promise<ShippedModel> {
  if (!policy.model) {
    throw new UserError({
      message: 'the policy does not say which model is shipped',
      hint: 'add `model: { config: chatbot/model.yaml }` to the policy',
    });
  }
  const { config, id_field, version_field } = policy.model;
  const text = await readTextInput(source, config, {
    maxBytes: MAX_CONFIG_BYTES,
    expected: 'a YAML or JSON model configuration',
  });
  const yaml = parseYaml(text, config);
  const read = (dotted: string, what: string) => {
    const field = textField(yaml, dotted);
    if (field.found) return field;
    throw new UserError({
      message:
        field.reason === 'missing'
          ? `${config} has no model ${what} at \`${dotted}\``
          : `the model ${what} at \`${dotted}\` in ${config} must be text, e.g. "2.4.0"`,
      hint: `write the ${what} at \`${dotted}\`, or point model.${what}_field of the policy at it`,
      location: field.location,
    });
  };
  const id = read(id_field, 'id');
  const version = read(version_field, 'version');
  return { id: id.value, version: version.value, file: config, versionLocation: version.location };
}

/** What decides the model's behaviour: the evals' freshness paths and `model.config`. */
export function modelPaths(policy: ReleasePolicy): string[] {
  return [
    ...(policy.gates.evals?.freshness?.paths ?? []),
    ...(policy.model ? [policy.model.config] : []),
  ];
}

/**
 * Those files as one hash, `sha256  path` lines sorted by path: what an eval stamp records and
 * what a rejected release is recognised by.
 */
export async function modelContent(
  files: FilePort,
  policy: ReleasePolicy,
): Promise<{ sha256: string; files: number }> {
  const patterns = modelPaths(policy);
  const paths = patterns.length ? [...new Set(await files.glob(patterns))].sort() : [];
  const lines: string[] = [];
  for (const path of paths) lines.push(`${sha256(await files.read(path))}  ${path}\n`);
  return { sha256: sha256(lines.join('')), files: paths.length };
}
