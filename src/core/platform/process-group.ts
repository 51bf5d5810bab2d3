// Signals to a whole process group: the runner and the setup terminal start each command as the
// leader of its own group, so one signal reaches everything the command started.

/**
 * Signals every process in the group led by `pid`. While the leader has not been reaped, pass
 * `alsoLeader` so a kill right after spawn still lands. Returns false when nothing was left.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals | 0, alsoLeader = false): boolean {
  let reached = false;
  for (const target of alsoLeader ? [-pid, pid] : [-pid]) {
    try {
      process.kill(target, signal);
      reached = true;
    } catch {
      // ESRCH: that target is already gone, which is what a kill wants; the return value says so.
    }
  }
  return reached;
}

/** True while any process of the group led by `pid` still exists. */
export function processGroupAlive(pid: number): boolean {
  return signalProcessGroup(pid, 0);
}
