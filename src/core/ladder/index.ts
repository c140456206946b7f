/** The fidelity ladder: all three levels of one dataset against one holdout. */
export { runLadder, type LadderRequest, type LadderResult, type LadderRungResult } from './runLadder';
