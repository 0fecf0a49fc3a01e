import { benchEngine } from './engine';
import { benchSimulate } from './simulate';
import { benchFamilies } from './families';
import { benchTerminal } from './terminal';

const results = [benchEngine(), benchSimulate(), benchFamilies(), await benchTerminal()];
console.log(results.every(Boolean) ? '\nAll benchmark targets met.' : '\nSome benchmark targets were missed (see MISS lines).');
