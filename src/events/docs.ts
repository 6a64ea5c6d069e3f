/**
 * Generates docs/events.md from the catalogue, so the docs cannot drift from what services emit
 * (docs.test.ts fails when the committed file differs; `UPDATE_EVENT_DOCS=1` rewrites it).
 */
import { z } from 'zod';
import { ANY_SERVICE, EVENT_CATALOGUE, type EventSpec } from './catalogue.js';
import { fieldMeta } from './fields.js';
import { DECNET_SD_ID } from './record.js';

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function apps(spec: EventSpec): string {
  return spec.apps === ANY_SERVICE ? ANY_SERVICE : spec.apps.map((a) => `\`${a}\``).join(', ');
}

function topic(spec: EventSpec): string {
  if (spec.topic === null) return '—';
  return spec.topicCondition === undefined
    ? `\`${spec.topic}\``
    : `\`${spec.topic}\`, ${spec.topicCondition}`;
}

interface FieldRow {
  name: string;
  required: boolean;
  format: string;
  description: string;
}

function fieldRows(spec: EventSpec): FieldRow[] {
  return Object.entries(spec.fields.shape as Record<string, z.ZodType>).map(([name, schema]) => {
    const meta = fieldMeta(schema);
    const format =
      meta === undefined ? 'text' : meta.values ? `one of ${meta.values.join(', ')}` : meta.format;
    return {
      name,
      required: !(schema instanceof z.ZodOptional),
      format,
      description: meta?.description ?? '',
    };
  });
}

/** The markdown of docs/events.md. */
export function renderEventDocs(): string {
  const out: string[] = [];
  out.push('# Events');
  out.push('');
  out.push('<!-- Generated from src/events/catalogue.ts by renderEventDocs(); do not edit by hand. -->');
  out.push('');
  out.push(
    `Every event is one RFC 5424 line: \`<PRI>1 TIMESTAMP DECKY SERVICE - TYPE [${DECNET_SD_ID} k="v" …] MSG\`, ` +
      'facility local0. The type is the MSGID; the fields are the params of the ' +
      `\`${DECNET_SD_ID}\` element, all strings on the wire. Names and fields are the reference's ` +
      '(DECNET), so its logs import with their meaning intact.',
  );
  out.push('');
  out.push(
    'A field name ending in `?` is optional. Credential fields follow the universal shape ' +
      '(`principal`, `secret_kind`, `secret_printable`, `secret_b64`, `outcome`; see src/events/credential.ts). ' +
      'When a line would exceed 64 KiB the formatter cuts the longest values and lists them in ' +
      '`truncated` (`MSG` for the message).',
  );
  out.push('');
  out.push('| Type | Apps | Severity | Bus topic | Fields |');
  out.push('|---|---|---|---|---|');
  for (const spec of EVENT_CATALOGUE as readonly EventSpec[]) {
    const fields = fieldRows(spec)
      .map((f) => `\`${f.name}${f.required ? '' : '?'}\`: ${cell(f.description)}`)
      .join('<br>');
    out.push(
      `| \`${spec.type}\` | ${cell(apps(spec))} | ${spec.severity} | ${cell(topic(spec))} | ${fields} |`,
    );
  }
  for (const spec of EVENT_CATALOGUE as readonly EventSpec[]) {
    out.push('');
    out.push(`## \`${spec.type}\``);
    out.push('');
    out.push(spec.description);
    out.push('');
    out.push(`- Apps: ${apps(spec)}`);
    out.push(`- Severity: ${spec.severity}`);
    out.push(`- Bus topic: ${topic(spec)}`);
    out.push(`- Carries a credential: ${spec.credential ? 'yes' : 'no'}`);
    if (spec.attackerOneOf !== undefined) {
      out.push(
        `- Names the attacker: at least one of ${spec.attackerOneOf.map((f) => `\`${f}\``).join(', ')}`,
      );
    }
    out.push('');
    out.push('| Field | Required | Format | Description |');
    out.push('|---|---|---|---|');
    for (const f of fieldRows(spec)) {
      out.push(
        `| \`${f.name}\` | ${f.required ? 'yes' : 'no'} | ${cell(f.format)} | ${cell(f.description)} |`,
      );
    }
  }
  out.push('');
  return out.join('\n');
}
