import type { ErrorObject } from 'ajv';
import { UserError, nearest, type Problem } from '../errors.js';
import { decodeText, sha256 } from '../parse/bytes.js';
import { quotable, quoteOr } from '../parse/quote.js';
import { fromPointer, parseYaml, type DocPath, type YamlFile } from '../parse/yaml.js';
import type { Location, PolicyRef } from '../verdict/model.js';
import type { Feedback, Promotion, ReleasePolicy } from './policy.generated.js';
import {
  validateFeedback,
  validatePolicy,
  validatePromotion,
} from './policy.validate.generated.js';
import { semanticProblems } from './semantics.js';

export type { ReleasePolicy } from './policy.generated.js';

export const DEFAULT_POLICY_PATH = 'policies/release-policy.yaml';
const MAX_POLICY_BYTES = 1024 * 1024;

/** A validated policy (defaults filled in), where it came from, and how to point into it. */
export interface LoadedPolicy {
  policy: ReleasePolicy;
  ref: PolicyRef;
  /**
   * On a pull request whose workflow names another policy than the base's workflow: the path
   * the pull request asked for. `ref.file`, the base's choice, is the one that judges.
   */
  headFile?: string;
  /** Location of a value (or its key) in the policy file, for findings about the policy. */
  locate(path: DocPath, options?: { key?: boolean }): Location;
}

/** The schema's defaults of a section, for commands that run without a policy to read. */
function defaultsOf<T>(fill: (data: unknown) => boolean): T {
  const section = {};
  fill(section);
  return section as T;
}
export const defaultPromotion = () => defaultsOf<Promotion>(validatePromotion);
export const defaultFeedback = () => defaultsOf<Feedback>(validateFeedback);

/** Parse and validate policy bytes. Throws UserError listing every problem with its location. */
export function parsePolicy(bytes: Uint8Array, file: string, gitRef?: string): LoadedPolicy {
  const text = decodeText(bytes, file, { maxBytes: MAX_POLICY_BYTES, expected: 'a YAML policy' });
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    throw new UserError({
      message: `${file} is empty`,
      hint: 'start from policies/release-policy.yaml of release-gates, or run `release-gates validate-policy` on it',
      location: { file, line: 1, column: 1 },
    });
  }
  const yaml = parseYaml<unknown>(text, file);
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError({
      message: `${file} must be a mapping of keys (apiVersion, kind, metadata, roles, gates, ...), not ${describe(value)}`,
      hint: 'start the file with `apiVersion: release-gates/v1`',
      location: yaml.locate([]),
    });
  }
  if (!validatePolicy(value)) {
    throw new UserError(schemaProblems(validatePolicy.errors ?? [], yaml));
  }
  const policy = value as ReleasePolicy;
  const semantic = semanticProblems(policy, yaml.locate);
  if (semantic.length > 0) throw new UserError(semantic);
  return {
    policy,
    ref: {
      file,
      sha256: sha256(bytes),
      apiVersion: policy.apiVersion,
      ...(gitRef ? { ref: gitRef } : {}),
    },
    locate: yaml.locate,
  };
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // Quoted only when it cannot be personal data: a policy is printed in public CI logs.
  if (typeof v === 'string') return `the text ${quoteOr(v, `of ${v.length} characters`)}`;
  if (typeof v === 'number')
    return quotable(String(v)) ? `the number ${v}` : `a number of ${String(v).length} digits`;
  return `the value ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping of keys',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function dotted(path: DocPath, root: string): string {
  // A key may be anything the author wrote: named only when it is safe to quote.
  const safe = (s: string | number) =>
    typeof s === 'number' || quotable(s) ? s : `<a key of ${s.length} characters>`;
  return path.length === 0
    ? root
    : path
        .map(safe)
        .reduce<string>(
          (out, s) =>
            typeof s === 'number' || /^\d+$/.test(String(s))
              ? `${out}[${s}]`
              : out
                ? `${out}.${s}`
                : String(s),
          '',
        );
}

type SchemaNode = {
  properties?: Record<string, SchemaNode>;
  description?: string;
  'x-hint'?: string;
  enum?: unknown[];
};

/**
 * One readable problem per ajv error, at the line of the offending key or value. `root`
 * names the document's top level in messages.
 */
export function schemaProblems(
  errors: ErrorObject[],
  yaml: YamlFile,
  root = 'the top level',
): Problem[] {
  const seen = new Set<string>();
  // A required key that is only misspelled is reported once, as the typo.
  const typoFixes = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys((e.parentSchema as SchemaNode | undefined)?.properties ?? {});
    const near = nearest(String(e.params.additionalProperty), known);
    if (near) typoFixes.add(`${e.instancePath}\0${near}`);
  }
  const out: (Problem & { order: number })[] = [];
  for (const e of errors) {
    const path = fromPointer(e.instancePath).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const where = dotted(path, root);
    const parent = e.parentSchema as SchemaNode | undefined;
    const hint = parent?.['x-hint'];
    let p: Problem | undefined;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const known = Object.keys(parent?.properties ?? {});
        const near = nearest(key, known);
        p = {
          message: `unknown key ${quoteOr(key, `(${key.length} characters)`)} in ${where}`,
          hint: near
            ? `did you mean "${near}"?`
            : known.length
              ? `allowed keys here: ${known.join(', ')}`
              : 'remove this key',
          location: yaml.locate([...path, key], { key: true }),
        };
        break;
      }
      case 'propertyNames':
        continue; // reported by the nested error on the name itself (below)
      case 'required': {
        const key = String(e.params.missingProperty);
        if (typoFixes.has(`${e.instancePath}\0${key}`)) continue;
        const desc = parent?.properties?.[key]?.description;
        p = {
          message: `${where} is missing the required key "${key}"`,
          hint: `add "${key}:"${desc ? ` (${desc.replace(/\.$/, '')})` : ''}`,
          location: yaml.locate(path, { key: true }),
        };
        break;
      }
      case 'type': {
        const expected = String(e.params.type)
          .split(',')
          .map((t) => TYPE_NAMES[t] ?? t)
          .join(' or ');
        p = {
          message: `${where} must be ${expected}, not ${describe(e.data)}`,
          hint:
            hint ??
            (String(e.params.type) === 'array'
              ? `write it as a list, e.g. [${typeof e.data === 'string' ? quoteOr(e.data, '"…"') : '…'}]`
              : `write ${expected} here${parent?.description ? `: ${parent.description}` : ''}`),
          location: yaml.locate(path),
        };
        break;
      }
      case 'enum': {
        const allowed = (e.params.allowedValues as unknown[]).map(String);
        const near = typeof e.data === 'string' ? nearest(e.data, allowed) : undefined;
        const isName = e.propertyName !== undefined;
        p = {
          message: isName
            ? `unknown name ${quoteOr(e.propertyName!, `(${e.propertyName!.length} characters)`)} in ${where}`
            : `${where} must be one of ${allowed.join(', ')}, not ${describe(e.data)}`,
          hint: near ? `did you mean "${near}"?` : `use one of ${allowed.join(', ')}`,
          location: isName
            ? yaml.locate([...path, e.propertyName!], { key: true })
            : yaml.locate(path),
        };
        if (isName) {
          const nearName = nearest(String(e.propertyName), allowed);
          p.hint = nearName ? `did you mean "${nearName}"?` : `use one of ${allowed.join(', ')}`;
        }
        break;
      }
      case 'const':
        p = {
          message: `${where} must be "${String(e.params.allowedValue)}", not ${describe(e.data)}`,
          hint: hint ?? `write ${path.at(-1)}: ${String(e.params.allowedValue)}`,
          location: yaml.locate(path),
        };
        break;
      case 'pattern':
        if (e.propertyName !== undefined) {
          p = {
            message: `${quoteOr(e.propertyName, `a name of ${e.propertyName.length} characters`)} is not a valid name in ${where}`,
            hint: 'use lower-case letters, digits and dashes, starting with a letter, e.g. governance-lead',
            location: yaml.locate([...path, e.propertyName], { key: true }),
          };
        } else {
          p = {
            message: `${where} is not valid: ${describe(e.data)}`,
            hint: hint ?? `it must match ${String(e.params.pattern)}`,
            location: yaml.locate(path),
          };
        }
        break;
      case 'format':
        p = {
          message: `${where} is not a valid ${String(e.params.format)}: ${describe(e.data)}`,
          hint: hint ?? (e.params.format === 'date' ? 'write a date as YYYY-MM-DD' : undefined),
          location: yaml.locate(path),
        };
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        p = {
          message: `${where} must be ${String(e.params.comparison)} ${String(e.params.limit)}, not ${describe(e.data)}`,
          hint: (parent as { description?: string })?.description,
          location: yaml.locate(path),
        };
        break;
      case 'minItems':
        p = {
          message: `${where} must list at least ${String(e.params.limit)} item${e.params.limit === 1 ? '' : 's'}`,
          hint: (parent as { description?: string })?.description,
          location: yaml.locate(path),
        };
        break;
      case 'minLength':
        p = {
          message:
            e.params.limit === 1
              ? `${where} must not be empty`
              : `${where} must be at least ${String(e.params.limit)} characters long`,
          hint: (parent as { description?: string })?.description,
          location: yaml.locate(path),
        };
        break;
      case 'minProperties':
        p = {
          message: `${where} must define at least ${String(e.params.limit)} entr${e.params.limit === 1 ? 'y' : 'ies'}`,
          hint: (parent as { description?: string })?.description,
          location: yaml.locate(path),
        };
        break;
      case 'uniqueItems':
        p = {
          message: `${where} lists the same value twice (items ${String(e.params.j)} and ${String(e.params.i)})`,
          hint: 'remove the duplicate',
          location: yaml.locate([...path, Number(e.params.i)]),
        };
        break;
      default:
        p = {
          message: `${where} ${e.message ?? 'is not valid'}`,
          hint,
          location: yaml.locate(path),
        };
    }
    const key = `${p.location?.line}:${p.location?.column}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...p, order: (p.location?.line ?? 0) * 1e6 + (p.location?.column ?? 0) });
  }
  return out.sort((a, b) => a.order - b.order).map(({ order: _order, ...p }) => p);
}
