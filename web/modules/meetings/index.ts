export { MyActionItemsCard } from './MyActionItemsCard';
