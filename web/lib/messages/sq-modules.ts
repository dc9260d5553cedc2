import { withModules } from './merge';

// Every domain module's messages in sq, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/sq.json', { eager: true, import: 'default' }),
);
