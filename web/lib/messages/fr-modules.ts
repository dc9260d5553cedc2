import { withModules } from './merge';

// Every domain module's messages in fr, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/fr.json', { eager: true, import: 'default' }),
);
