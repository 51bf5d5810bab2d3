// A corrupt inference history reaches the user as a notice in the app state, and the next
// measurement still lands (issue 15: the history on the shared store).
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createCompanion } from '../../../src/core/companion';
import { HISTORY_NOTICE_ID } from '../../../src/core/inference/history/history-store';

it('a corrupt inference history file is moved aside and shown as a notice that can be dismissed', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-hist-notice-'));
  writeFileSync(path.join(dataDir, 'inference-history.json'), '{"version":1,"measurements":[{"at":17');
  const core = createCompanion({ dataDir, transport: 'direct' });
  try {
    await core.start();
    await expect.poll(async () => (await core.getState({})).notices.map((notice) => notice.id)).toContain(HISTORY_NOTICE_ID);
    const notice = (await core.getState({})).notices.find((each) => each.id === HISTORY_NOTICE_ID);
    expect(notice?.message).toMatch(/inference history file .*inference-history\.json could not be read \(not valid JSON\)/);
    expect(readdirSync(dataDir).some((name) => name.startsWith('inference-history.json.corrupt-'))).toBe(true);
    expect(await core.getInferenceHistory({})).toEqual([]);
    await core.dismissNotice({ id: HISTORY_NOTICE_ID });
    expect((await core.getState({})).notices.map((each) => each.id)).not.toContain(HISTORY_NOTICE_ID);
  } finally {
    await core.stop();
  }
});
