export * from './route.js';
export * from './account.contract.js';
export * from './cities.contract.js';
export * from './people.contract.js';
export * from './audit.contract.js';
export * from './tor.contract.js';
export * from './network.contract.js';
export * from './meetings.contract.js';
