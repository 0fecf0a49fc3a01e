/**
 * The components lesson text may use, by name, without importing them: the lesson page
 * passes these to `<Content components={…} />` (src/pages/lessons/[id].astro). A lesson
 * that uses a name not in this list stops the site build with MDX's "Expected component
 * … to be defined". To offer a new one, add its file here and export it below.
 */
import Callout from './Callout.astro';
import Sim from './Sim.astro';
import SimCompare from './SimCompare.astro';
import SimOutput from './SimOutput.astro';
import Size from './Size.astro';
import SizeTable from './SizeTable.astro';
import StageDiagram from './StageDiagram.astro';
import TerminalSteps from './TerminalSteps.astro';

export const lessonComponents = { Callout, Sim, SimCompare, SimOutput, Size, SizeTable, StageDiagram, TerminalSteps };
