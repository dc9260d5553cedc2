// The directory module's web surface used by other modules (the neighbourhood page shows its services).
export { NeighbourhoodServices } from './NeighbourhoodServices';
