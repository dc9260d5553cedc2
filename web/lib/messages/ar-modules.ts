import { withModules } from './merge';

// Every domain module's messages in ar, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/ar.json', { eager: true, import: 'default' }),
);
