import { UserError, nearest } from '../errors.js';
import type { OptionSpec, OptionSpecs, OptionValues } from './spec.js';

/**
 * A value as an edge hands it over: parseArgs gives booleans for flags and arrays for lists,
 * the runner gives every input as a (trimmed) string.
 */
type RawValue = string | boolean | string[] | undefined;

interface ParseContext {
  /** How messages name an option: `--policy` on the command line, `input policy` in an action. */
  label(name: string): string;
  /** A given path as the ports take it (the CLI: relative to the repository root). */
  path?(given: string): string;
  /** A given value as a message may repeat it (the CLI masks personal data). */
  quote?(value: string): string;
}

function one(spec: OptionSpec, name: string, raw: RawValue, ctx: ParseContext): unknown {
  const quote = ctx.quote ?? ((v: string) => v);
  switch (spec.kind) {
    case 'flag':
      if (raw === undefined || raw === '') return false;
      if (typeof raw === 'boolean') return raw;
      // GitHub passes a boolean input as "true" or "false"; anything else is a mistake.
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new UserError({
        message: `${ctx.label(name)} must be true or false, not "${quote(String(raw))}"`,
      });
    case 'list': {
      const values =
        raw === undefined || raw === false
          ? []
          : Array.isArray(raw)
            ? raw
            : String(raw)
                .split(/[\n,]/)
                .map((s) => s.trim())
                .filter(Boolean);
      return spec.paths && ctx.path ? values.map((v) => ctx.path!(v)) : values;
    }
    default: {
      const given = typeof raw === 'string' && raw !== '' ? raw : undefined;
      if (given === undefined) {
        if (spec.default !== undefined) return spec.default;
        if (spec.required)
          throw new UserError({
            message: `${ctx.label(name)} is required`,
            hint: spec.description,
          });
        return undefined;
      }
      if (spec.kind === 'choice' && !(spec.choices as readonly string[]).includes(given)) {
        const near = nearest(given, spec.choices);
        throw new UserError({
          message: `${ctx.label(name)} must be one of ${spec.choices.join(', ')}, not "${quote(given)}"`,
          ...(near ? { hint: `did you mean ${near}?` } : {}),
        });
      }
      return spec.kind === 'path' && ctx.path ? ctx.path(given) : given;
    }
  }
}

/**
 * The one reading of a command's options, for the CLI and the actions alike: every value
 * checked once (required, choices, flags, lists split, paths resolved) into the typed settings
 * the command runs with. Options missing from `raw` take their default.
 */
export function parseOptions<S extends OptionSpecs>(
  specs: S,
  raw: Record<string, RawValue>,
  ctx: ParseContext,
): OptionValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = one(spec, name, raw[name], ctx);
  return out as OptionValues<S>;
}
