// What other web modules may use from network.
export { useNetwork } from './network.queries';
