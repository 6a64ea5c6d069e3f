/**
 * A service's config fields and reading its coerced values. Coercion itself is
 * `coerceServiceConfig` (src/config/service-field.ts); it leaves unset keys out, and a service reads
 * them here with the field's default.
 */
import {
  type ServiceConfigField,
  type ServiceConfigFieldInput,
  serviceConfigFieldSchema,
} from '../../config/service-field.js';
import type { ServiceValues } from '../service.js';

/** Fields as a service module writes them, validated and completed once at load. */
export function defineFields(inputs: readonly ServiceConfigFieldInput[]): readonly ServiceConfigField[] {
  return Object.freeze(inputs.map((input) => serviceConfigFieldSchema.parse(input)));
}

/** The int value of `key`, or `fallback` when the config leaves it unset. */
export function intSetting(config: ServiceValues, key: string, fallback: number): number {
  const value = Object.hasOwn(config, key) ? config[key] : undefined;
  return typeof value === 'number' ? value : fallback;
}

/** The text value of `key`, or `fallback` when the config leaves it unset. */
export function textSetting(config: ServiceValues, key: string, fallback: string): string {
  const value = Object.hasOwn(config, key) ? config[key] : undefined;
  return typeof value === 'string' ? value : fallback;
}
