// The cases module's public surface for other web modules.
export { OverdueCasesCard } from './OverdueCasesCard';
