import { benchEngine } from './engine';

const results = [benchEngine()];
console.log(results.every(Boolean) ? '\nAll benchmark targets met.' : '\nSome benchmark targets were missed (see MISS lines).');
