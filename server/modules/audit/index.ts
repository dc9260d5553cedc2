// The audit module's public surface (the chain itself lives in platform/audit).
export { auditModule } from './audit.routes.js';
