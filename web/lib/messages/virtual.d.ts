// Generated at build time by scripts/navMessages.ts (vite.config.ts): every module's navigation labels.
declare module 'virtual:nav-messages/*' {
  const nav: Record<string, unknown>;
  export default nav;
}
