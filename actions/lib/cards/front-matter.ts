import type { Problem } from '../errors.js';
import { compileSchemaFragment } from '../parse/json-schema.js';
import type { YamlFile } from '../parse/yaml.js';
import { schemaProblems } from '../policy/load.js';

/** Where the front matter breaks the policy's schema, each at its key's line in the card. */
export function frontMatterProblems(schema: object, frontMatter: YamlFile): Problem[] {
  const validate = compileSchemaFragment(schema);
  if (validate(frontMatter.value)) return [];
  return schemaProblems(validate.errors ?? [], frontMatter, 'the front matter');
}
