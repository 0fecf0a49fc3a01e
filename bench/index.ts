import { benchEngine } from './engine';
import { benchSimulate } from './simulate';
import { benchFamilies } from './families';

const results = [benchEngine(), benchSimulate(), benchFamilies()];
console.log(results.every(Boolean) ? '\nAll benchmark targets met.' : '\nSome benchmark targets were missed (see MISS lines).');
