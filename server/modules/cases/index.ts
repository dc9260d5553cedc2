// The cases module's public surface: other modules import from here, never from its files.
export {
  CITY_PREFIX,
  TAXONOMY_KINDS,
  VULNERABILITY_DIMENSIONS,
  getTaxonomy,
  listTaxonomies,
  mergeCityTaxonomy,
  taxonomyIds,
  type CityAdditions,
  type FactorTaxonomy,
  type Labels,
  type MergedTaxonomy,
  type Taxonomy,
  type TaxonomyKind,
  type VulnerabilityTaxonomy,
} from './cases.taxonomies.js';
