// Commands without a terminal run through the one runner in src/core/platform/run-command.ts.
// The setup terminal still signals its process group; that helper lives with the runner now.
export { signalProcessGroup } from '../platform/process-group';
