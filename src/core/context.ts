/** Progress of a long job, reported to the CLI (stderr) and the editor (notification). */
export interface Progress {
  /** Short human label of the current stage, e.g. "reading", "fitting", "sampling". */
  stage: string;
  /** Fraction of the whole job done, 0..1, when known. */
  fraction?: number;
}

/** What every long-running core function accepts: cancellation and progress. */
export interface JobContext {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}
