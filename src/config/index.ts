/**
 * Configuration: the installation's runtime settings (environment and host config file), the
 * DECNET-compatible deployment file, the INI tokenizer both use, and service config coercion.
 */
export {
  CUSTOM_SECTION_PREFIX,
  type CustomServiceSpec,
  checkServices,
  coerceServiceSettings,
  DEPLOY_DRIVERS,
  type DeckySpec,
  type DeployDriver,
  type DeployFile,
  type DeployGeneral,
  loadDeployFile,
  type PortSpec,
  parseDeployFile,
  SERVICE_NAME_PATTERN,
  type ServiceReference,
  type ServiceSettingOrigin,
  type ServiceSettings,
} from './deploy-file.js';
export { ConfigError, IniError, type IniErrorLocation } from './errors.js';
export {
  DEFAULT_INI_LIMITS,
  type IniDocument,
  type IniEntry,
  type IniLimits,
  type IniSection,
  parseIni,
  readIniFile,
  readIniFileSync,
} from './ini.js';
export { type InstallationPaths, paths } from './paths.js';
export {
  type CoerceServiceConfigOptions,
  coerceServiceConfig,
  coerceServiceValue,
  type RawServiceValue,
  SERVICE_FIELD_TYPES,
  ServiceConfigError,
  type ServiceConfigField,
  type ServiceConfigFieldInput,
  type ServiceFieldType,
  type ServiceValue,
  type ServiceValueOf,
  serviceConfigFieldSchema,
  TEXTAREA_B64_PREFIX,
} from './service-field.js';
export {
  describeSettings,
  LOG_LEVELS,
  type LoadSettingsOptions,
  type LogLevel,
  loadSettings,
  renderSettingsDocs,
  type SettingDescription,
  type SettingId,
  type SettingSource,
  type Settings,
} from './settings.js';
export {
  type BusTarget,
  type DbTarget,
  describeBusTarget,
  describeDbTarget,
  parseBusUrl,
  parseDbUrl,
  redactUrl,
} from './urls.js';
