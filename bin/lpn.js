#!/usr/bin/env node
// `npx lpn <command>`: runs server/cli.ts in this process through tsx's loader (a dependency).
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
