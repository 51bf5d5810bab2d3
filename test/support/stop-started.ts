// Set-up file of the projects that start servers: whatever happened in a file's hooks and tests, its
// browsers and servers are stopped when it ends — even those whose handle never reached a variable.
import { afterAll } from 'vitest';
import { stopAllStarted } from './started-processes';
import { closeAllBrowsers } from './web-app';

afterAll(async () => {
  await closeAllBrowsers();
  await stopAllStarted();
});
