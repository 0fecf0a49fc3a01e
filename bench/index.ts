import { benchEngine } from './engine';
import { benchSimulate } from './simulate';
import { benchFamilies } from './families';
import { benchTerminal } from './terminal';
import { benchSuggest } from './suggest';

const results = [benchEngine(), benchSimulate(), benchFamilies(), await benchTerminal(), benchSuggest()];
console.log(results.every(Boolean) ? '\nAll benchmark targets met.' : '\nSome benchmark targets were missed (see MISS lines).');
