// The cities module's public surface: other modules import from here, never from its files.
export { city, cityBranding, type CitySettings } from './cities.table.js';
