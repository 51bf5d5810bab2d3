// The Mac app's native chooser for a probe's executable: what it asks the dialog and what it returns.
import { describe, expect, it, vi } from 'vitest';
import { chooseExecutableWith, electronShell, type DialogLike } from '../../../src/main/adapters';

function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn<DialogLike['showOpenDialog']>(async () => answer);
  return { showOpenDialog };
}
const shell = { openExternal: async () => undefined, showItemInFolder: () => undefined };

describe('choosing a probe executable', () => {
  it('opens a file chooser at the current path and returns the chosen file', async () => {
    const dialog = fakeDialog({ canceled: false, filePaths: ['/opt/tinygpu/bin/tinygpu'] });
    await expect(chooseExecutableWith(dialog, 'tinygpu', '/usr/local/bin/tinygpu')).resolves.toBe('/opt/tinygpu/bin/tinygpu');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openFile'], defaultPath: '/usr/local/bin/tinygpu', title: expect.stringContaining('tinygpu') as unknown }),
    );
  });

  it('returns null when the user cancels', async () => {
    const dialog = fakeDialog({ canceled: true, filePaths: [] });
    await expect(chooseExecutableWith(dialog, 'nvidiaSmi', null)).resolves.toBeNull();
  });

  it('starts without a default path when the current one is not absolute', async () => {
    const dialog = fakeDialog({ canceled: false, filePaths: ['/usr/bin/ioreg'] });
    await chooseExecutableWith(dialog, 'ioreg', 'ioreg');
    expect(dialog.showOpenDialog.mock.calls[0]![0]).not.toHaveProperty('defaultPath');
  });

  it('never returns a relative path or an empty answer', async () => {
    await expect(chooseExecutableWith(fakeDialog({ canceled: false, filePaths: ['bin/tinygpu'] }), 'tinygpu', null)).resolves.toBeNull();
    await expect(chooseExecutableWith(fakeDialog({ canceled: false, filePaths: [] }), 'tinygpu', null)).resolves.toBeNull();
  });

  it('is offered by the Electron shell port only when a dialog is given', async () => {
    expect(electronShell(shell).chooseExecutable).toBeUndefined();
    const port = electronShell(shell, fakeDialog({ canceled: false, filePaths: ['/opt/bin/tinygpu'] }));
    await expect(port.chooseExecutable?.('tinygpu', null)).resolves.toBe('/opt/bin/tinygpu');
  });
});
