import { withModules } from './merge';

// Every domain module's messages in en, loaded with the signed-in frame (web/router.tsx).
export default withModules(
  import.meta.glob('../../../locales/*/en.json', { eager: true, import: 'default' }),
);
