// @ts-check
// Entry for the bin/ stand-ins when no replay applies: `node run.mjs <tool> [args…]`.
import { main } from './simulator.mjs';

void main(process.argv[2] ?? '', process.argv.slice(3));
