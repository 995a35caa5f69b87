import { describe, expect, it } from 'vitest';
import { InputRecorder } from './gate.js';
import type { ReleasePolicy } from './policy/policy.generated.js';
import { readShippedModel } from './shipped-model.js';
import { memoryPorts } from './testing/memory-ports.js';

async function read(config: string, model: Partial<NonNullable<ReleasePolicy['model']>> = {}) {
  const ports = memoryPorts({ 'model.json': config }, { git: false });
  const inputs = new InputRecorder(ports.files, ports.git);
  const policy = {
    model: { config: 'model.json', id_field: 'id', version_field: 'version', ...model },
  } as ReleasePolicy;
  const shipped = await readShippedModel(policy, { inputs, files: ports.files });
  return { shipped, inputs: inputs.list() };
}

describe('readShippedModel', () => {
  it('reads JSON too, at nested dotted paths, and records the file as an input', async () => {
    const { shipped, inputs } = await read(
      '{\n  "model": {\n    "name": "acme",\n    "release": { "version": "2.4.0" }\n  }\n}\n',
      { id_field: 'model.name', version_field: 'model.release.version' },
    );
    expect(shipped).toEqual({
      id: 'acme',
      version: '2.4.0',
      file: 'model.json',
      versionLocation: {
        file: 'model.json',
        line: 4,
        column: 29,
        endLine: 4,
        endColumn: 36,
        pointer: '/model/release/version',
      },
    });
    expect(inputs).toEqual([
      { file: 'model.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it('accepts a number as the version, as YAML writes 3 or 2.5 unquoted', async () => {
    expect((await read('id: acme\nversion: 3\n')).shipped.version).toBe('3');
  });

  it.each([
    ['no id', 'version: 1.0.0\n', /has no model id at `id`/],
    ['an empty version', 'id: acme\nversion: ""\n', /has no model version at `version`/],
    ['a version that is a mapping', 'id: acme\nversion: { major: 2 }\n', /must be text/],
    ['a list', '- id: acme\n', /has no model id/],
  ])('refuses a configuration with %s', async (_, config, message) => {
    await expect(read(config)).rejects.toMatchObject({
      problems: [
        expect.objectContaining({
          message: expect.stringMatching(message),
          hint: expect.any(String),
        }),
      ],
    });
  });

  it('refuses a policy that names no model', async () => {
    const ports = memoryPorts({}, { git: false });
    await expect(
      readShippedModel({} as ReleasePolicy, {
        inputs: new InputRecorder(ports.files, ports.git),
        files: ports.files,
      }),
    ).rejects.toThrow(/does not say which model is shipped/);
  });
});
