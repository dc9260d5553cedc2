// The directory module's public surface: other modules import from here, never from its files.
export { directoryEntry } from './directory.table.js';
export { directoryModule } from './directory.routes.js';
export { seedDirectoryDemo } from './directory.demo.js';
