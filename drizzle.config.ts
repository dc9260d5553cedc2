import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the Drizzle schema and checked in; they are applied at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/platform/db/schema.ts',
  out: './server/platform/db/migrations',
});
