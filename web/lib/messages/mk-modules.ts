import { withModules } from './merge';

// Every domain module's messages in mk, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/mk.json', { eager: true, import: 'default' }),
);
