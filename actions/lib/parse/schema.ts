import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv, formats: string[]) => void;

/**
 * A strict validator for one of the project's JSON Schemas: every error reported, defaults
 * filled in, our `x-hint` keyword allowed. Compiled once, on first use.
 */
export function lazyValidator(schema: object): () => ValidateFunction {
  let validator: ValidateFunction | undefined;
  return () => {
    if (!validator) {
      const ajv = new Ajv({
        strict: true,
        allErrors: true,
        allowUnionTypes: true,
        useDefaults: true,
        verbose: true,
      });
      addFormats(ajv, ['date', 'date-time']);
      ajv.addKeyword({ keyword: 'x-hint', schemaType: 'string' });
      validator = ajv.compile(schema);
    }
    return validator;
  };
}
