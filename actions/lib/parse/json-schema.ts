import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats: string[]) => void;

const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Compiles a JSON Schema (draft-07) fragment written in a policy, such as a card's
 * `front_matter`. Unknown keywords are errors, so a misspelt `requried` cannot become a
 * check that silently never runs; a fragment may still require a key it does not describe.
 * Throws ajv's error for an invalid fragment.
 */
export function compileSchemaFragment(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const ajv = new Ajv({
      strictSchema: true,
      strictNumbers: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allErrors: true,
      allowUnionTypes: true,
      verbose: true,
    });
    addFormats(ajv, ['date', 'date-time', 'uri', 'email']);
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
