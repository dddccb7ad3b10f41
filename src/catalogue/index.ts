/**
 * The catalogue of services (SPEC §2.2): offices, services, SOP steps and their quotas, officers
 * and assignments, read from YAML/JSON and validated.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export {
  catalogueWarnings,
  loadCatalogue,
  officeCodes,
  readStructuredFile,
  validateCatalogue,
  type ValidCatalogue,
} from './catalogue.js';
