// The city-networks module's public surface: other modules import from here, never from its files.
export {
  cityNetwork,
  cityNetworkAnalyst,
  cityNetworkImport,
  cityNetworkMember,
  cityNetworkTemplate,
} from './city-networks.table.js';
export { cityNetworksModule } from './city-networks.routes.js';
export { seedCityNetworksDemo } from './city-networks.demo.js';
