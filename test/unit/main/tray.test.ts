import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { TinygradStatus } from '../../../src/core/api/inference';
import type { AppState } from '../../../src/core/api/schemas';
import type { Rect } from '../../../src/main/popover-position';
import { hasActiveTray, loadTemplateImage, TrayController, trayIconDir, inferenceTitleText, type TrayWidget } from '../../../src/main/tray';
import type { TrayMenuHandlers } from '../../../src/main/tray-menu';
import { connectedState, disconnectedState, warningState } from '../../builders/app-state';
import { tinygradStatus } from '../../builders/inference';

interface FakeImage {
  file: string;
}
interface FakeMenu {
  template: MenuItemConstructorOptions[];
}

class FakeTray implements TrayWidget<FakeImage, FakeMenu> {
  image: FakeImage;
  toolTip = '';
  title = '';
  poppedUp: FakeMenu | undefined;
  destroyed = false;
  readonly listeners = new Map<string, (event: unknown, bounds: Rect) => void>();
  constructor(image: FakeImage) {
    this.image = image;
  }
  setImage = (image: FakeImage) => void (this.image = image);
  setToolTip = (toolTip: string) => void (this.toolTip = toolTip);
  setTitle = (title: string) => void (this.title = title);
  getBounds = (): Rect => ({ x: 1000, y: 0, width: 24, height: 24 });
  popUpContextMenu = (menu?: FakeMenu) => void (this.poppedUp = menu);
  on(event: 'click' | 'right-click', listener: (event: unknown, bounds: Rect) => void) {
    this.listeners.set(event, listener);
  }
  setIgnoreDoubleClickEvents = () => undefined;
  destroy = () => void (this.destroyed = true);
  fire(event: 'click' | 'right-click') {
    this.listeners.get(event)?.({}, this.getBounds());
  }
}

function setup(options: { popoverOpens?: boolean; initial?: AppState } = {}) {
  const listeners = new Map<string, (payload: unknown) => void>();
  let tray: FakeTray | undefined;
  const core = {
    on: vi.fn((event: string, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }),
    getState: vi.fn(async () => options.initial ?? connectedState()),
    refresh: vi.fn(async () => connectedState()),
  };
  const popover = { toggle: vi.fn(() => options.popoverOpens ?? true) };
  const handlers: TrayMenuHandlers = {
    stopTinygrad: vi.fn(),
    refresh: vi.fn(),
    openPopover: vi.fn(),
    openSetup: vi.fn(),
    copyDiagnostics: vi.fn(),
    setLaunchAtLogin: vi.fn(),
    quit: vi.fn(),
  };
  const loadIcon = vi.fn((file: string): FakeImage => ({ file }));
  const controller = new TrayController<FakeImage, FakeMenu>({
    createTray: (image) => (tray = new FakeTray(image)),
    loadIcon,
    buildMenu: (template) => ({ template }),
    core: core as unknown as ConstructorParameters<typeof TrayController<FakeImage, FakeMenu>>[0]['core'],
    popover,
    handlers,
    preferences: () => ({ launchAtLogin: true }),
  });
  controller.start();
  return {
    controller,
    core,
    popover,
    handlers,
    loadIcon,
    tray: () => tray as FakeTray,
    publish: (state: AppState) => listeners.get('state')?.(state),
    publishTitle: (text: string | null) => listeners.get('inferenceTrayTitle')?.({ text }),
    publishTinygrad: (tinygrad: TinygradStatus) => listeners.get('tinygradStatus')?.(tinygrad),
  };
}

describe('tray title while a generation runs', () => {
  it('shows the tok/s figure next to the icon and clears it after the generation', () => {
    const t = setup();
    t.publishTitle('42 tok/s');
    expect(t.tray().title).toBe('42 tok/s');
    t.publishTitle(null);
    expect(t.tray().title).toBe('');
  });

  it('keeps the title short and clears it on an empty text', () => {
    expect(inferenceTitleText({ text: '1234567890123456789 tok/s' })).toHaveLength(16);
    expect(inferenceTitleText({ text: '  ' })).toBe('');
    expect(inferenceTitleText({ text: null })).toBe('');
  });
});

describe('TrayController', () => {
  it('starts with the unknown icon and switches to the state the core reports', async () => {
    const { tray } = setup({ initial: connectedState() });
    expect(tray().image.file).toBe('trayUnknownTemplate.png');
    await vi.waitFor(() => expect(tray().image.file).toBe('trayOkTemplate.png'));
    expect(tray().toolTip).toBe('eGPU Companion — RTX 4090 ready over Thunderbolt 4');
  });

  it('follows every state event with icon and tooltip', () => {
    const { tray, publish } = setup();
    publish(warningState());
    expect(tray().image.file).toBe('trayWarningTemplate.png');
    expect(tray().toolTip).toBe('eGPU Companion — RTX 4090 — link degraded');
    publish(disconnectedState());
    expect(tray().image.file).toBe('trayDisconnectedTemplate.png');
  });

  it('loads each icon file once', () => {
    const { publish, loadIcon } = setup();
    publish(warningState());
    publish(connectedState());
    publish(warningState());
    expect(loadIcon.mock.calls.map(([file]) => file).filter((file) => file === 'trayWarningTemplate.png')).toHaveLength(1);
  });

  it('toggles the popover under the icon on left click and refreshes when it opens', () => {
    const { tray, popover, core } = setup({ popoverOpens: true });
    tray().fire('click');
    expect(popover.toggle).toHaveBeenCalledWith({ x: 1000, y: 0, width: 24, height: 24 });
    expect(core.refresh).toHaveBeenCalledTimes(1);
  });

  it('does not refresh when the click closed the popover', () => {
    const { tray, core } = setup({ popoverOpens: false });
    tray().fire('click');
    expect(core.refresh).not.toHaveBeenCalled();
  });

  it('shows the menu for the latest state on right click', () => {
    const { tray, publish } = setup();
    publish(warningState());
    tray().fire('right-click');
    const labels = tray().poppedUp?.template.map((item) => item.label) ?? [];
    expect(labels).toContain('Critical: Sleeping now will drop the GPU');
    expect(tray().poppedUp?.template.find((item) => item.id === 'launch-at-login')?.checked).toBe(true);
  });

  it('offers to stop the managed tinygrad server while it runs', () => {
    const { tray, publishTinygrad, handlers } = setup();
    publishTinygrad(tinygradStatus({ running: true, phase: 'serving', model: 'llama3.1:8b' }));
    tray().fire('right-click');
    const item = tray().poppedUp?.template.find((i) => i.id === 'stop-tinygrad');
    expect(item?.label).toBe('Stop the tinygrad server (llama3.1:8b)');
    (item?.click as unknown as () => void)();
    expect(handlers.stopTinygrad).toHaveBeenCalledTimes(1);

    publishTinygrad(tinygradStatus({ running: false, phase: 'stopped', model: 'llama3.1:8b' }));
    tray().fire('right-click');
    expect(tray().poppedUp?.template.some((i) => i.id === 'stop-tinygrad')).toBe(false);
  });

  it('holds the tray while running and lets it go on stop', () => {
    const { controller, tray, publish } = setup();
    expect(hasActiveTray()).toBe(true);
    controller.stop();
    expect(tray().destroyed).toBe(true);
    expect(hasActiveTray()).toBe(false);
    expect(() => publish(connectedState())).not.toThrow();
  });
});

describe('tray icon files', () => {
  it('marks loaded images as templates', () => {
    const image = { path: '', template: false, setTemplateImage(option: boolean) { this.template = option; } };
    const loaded = loadTemplateImage((fullPath) => ({ ...image, path: fullPath }), '/res/tray', 'trayOkTemplate.png');
    expect(loaded.path).toBe('/res/tray/trayOkTemplate.png');
    expect(loaded.template).toBe(true);
  });

  it('finds the icons in the checkout during development and in Resources when packaged', () => {
    expect(trayIconDir({ isPackaged: false, resourcesPath: '/x', appPath: '/repo' })).toBe('/repo/resources/tray');
    expect(trayIconDir({ isPackaged: true, resourcesPath: '/App.app/Contents/Resources', appPath: '/x' })).toBe(
      '/App.app/Contents/Resources/tray',
    );
  });
});
