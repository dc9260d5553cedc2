import { withModules } from './merge';

// Every domain module's messages in sw, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/sw.json', { eager: true, import: 'default' }),
);
