// @ts-check
// `docker info` for the doctor's demo: Docker Desktop's daemon runs, except in `docker-missing`.
import { failed, printed } from '../lib/result.mjs';

const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

/** @type {import('../lib/result.mjs').Tool} */
export function docker(argv, world) {
  if (argv[0] !== 'info') return failed(`docker: '${argv[0] ?? ''}' is not a docker command.\n`, 1);
  if (!world.doctor.dockerRunning) return failed(DAEMON_DOWN, 1);
  // The doctor asks for "{{.ServerVersion}} {{.OperatingSystem}}".
  return printed('27.3.1 Docker Desktop\n');
}
