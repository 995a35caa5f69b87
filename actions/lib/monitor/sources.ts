/** The source the policy names: `monitoring.source` (docs/monitoring.md#sources). */
import { UserError } from '../errors.js';
import type { InteractionSource as SourceConfig } from '../policy/policy.generated.js';
import type { Location } from '../verdict/model.js';
import { langfuseSource } from './langfuse.js';
import { mappedSource } from './mapped.js';
import { otlpSource } from './otlp.js';
import { nativeSource, type InteractionSource } from './source.js';

/** The source the policy names (`monitoring.source`); the native format when none. */
export function sourceOf(
  config: SourceConfig | undefined,
  locate: (path: (string | number)[]) => Location | undefined,
): InteractionSource {
  const format = config?.format ?? 'native';
  const misplaced = (
    ['fields', 'error', 'where', 'latency_unit', 'timestamp_unit', 'zoneless_utc'] as const
  ).find((k) => format !== 'mapped' && config?.[k] !== undefined);
  if (misplaced)
    throw new UserError({
      message: `monitoring.source.${misplaced} only applies to format: mapped, not ${format}`,
      hint: `remove ${misplaced}, or set format: mapped to read the export by the fields you map`,
      location: locate(['monitoring', 'source', misplaced]),
    });
  if (config?.api && format !== 'langfuse')
    throw new UserError({
      message: `monitoring.source.api only applies to format: langfuse, not ${format}`,
      hint: "remove api, or set format: langfuse to read Langfuse's public API",
      location: locate(['monitoring', 'source', 'api']),
    });
  switch (format) {
    case 'native':
      return nativeSource;
    case 'otlp':
      return otlpSource(config?.span ?? 'llm');
    case 'langfuse':
      return langfuseSource();
    case 'mapped':
      if (!config?.fields)
        throw new UserError({
          message: 'monitoring.source has format: mapped but no fields',
          hint: 'map each field to a JSON pointer, at least fields: {timestamp: /ts, latency: /duration_ms} (docs/monitoring.md#mapped-json-lines)',
          location: locate(['monitoring', 'source']),
        });
      if (!config.fields.latency === !config.fields.end_time)
        throw new UserError({
          message: `monitoring.source.fields needs ${config.fields.latency ? 'either latency or end_time, not both' : 'latency or end_time'}: how long each interaction took`,
          hint: 'map latency (with latency_unit), or end_time when the export has start and end times',
          location: locate(['monitoring', 'source', 'fields']),
        });
      return mappedSource(config);
  }
}
