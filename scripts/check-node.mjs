// `pnpm start` and `pnpm test` run this first. It must run on any Node.js a newcomer may have,
// so it uses no syntax or API newer than Node 14: it reads the required version from the root
// package.json's `engines` (one place to change) and, when this Node is older, prints one line
// saying what to install and exits with status 1.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /^>=\s*(\d+)(?:\.(\d+))?/.exec(pkg.engines.node) || [null, '0', '0'];
wanted[2] = wanted[2] || '0';
const have = process.versions.node.split('.').map(Number);
if (have[0] < Number(wanted[1]) || (have[0] === Number(wanted[1]) && have[1] < Number(wanted[2]))) {
  process.stderr.write(
    'InterviewKit needs Node.js ' +
      wanted[1] +
      '.' +
      wanted[2] +
      ' or newer (for node:sqlite), and this is Node.js ' +
      process.versions.node +
      ': install Node.js 24 LTS (https://nodejs.org/en/download, or `nvm install 24`) and run the command again.\n',
  );
  process.exit(1);
}
