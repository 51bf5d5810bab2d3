// Runs the test stream server in its own process, so its timers do not share an event loop with
// the client being measured. Prints its URL on the first line; exits when stdin closes.
import { startStreamServer, type StreamScenario } from './stream-server';

const scenario = JSON.parse(process.argv[2] ?? '{"tokensPerSecond":50,"ttftMs":100,"tokens":10}') as StreamScenario;
const server = await startStreamServer(scenario);
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
