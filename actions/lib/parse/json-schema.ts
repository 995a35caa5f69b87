import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats: string[]) => void;

const compiled = new WeakMap<object, ValidateFunction>();
let shared: Ajv | undefined;

/**
 * One instance for every fragment: checking a fragment against the draft-07 meta-schema
 * compiles that meta-schema first, which took most of the 60 ms two fragments cost with an
 * instance each. `addUsedSchema: false` keeps fragments apart: two with the same `$id` do
 * not collide.
 */
function instance(): Ajv {
  if (!shared) {
    shared = new Ajv({
      strictSchema: true,
      strictNumbers: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allErrors: true,
      allowUnionTypes: true,
      verbose: true,
      addUsedSchema: false,
    });
    addFormats(shared, ['date', 'date-time', 'uri', 'email']);
  }
  return shared;
}

/**
 * Compiles a JSON Schema (draft-07) fragment written in a policy, such as a card's
 * `front_matter`. Unknown keywords are errors, so a misspelt `requried` cannot become a
 * check that silently never runs; a fragment may still require a key it does not describe.
 * Throws ajv's error for an invalid fragment.
 */
export function compileSchemaFragment(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = instance().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
