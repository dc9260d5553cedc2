import { runCli } from './cli/commands.js';

// `npm run lpn -- <command>` / `npx lpn <command>`: the operator's tool. Commands live in cli/.
const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
});
process.exitCode = code;
