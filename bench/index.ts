import { benchEngine } from './engine';
import { benchSimulate } from './simulate';

const results = [benchEngine(), benchSimulate()];
console.log(results.every(Boolean) ? '\nAll benchmark targets met.' : '\nSome benchmark targets were missed (see MISS lines).');
