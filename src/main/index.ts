// Electron entry point: the composition root. It only wires Electron objects to the core and to the
// small modules next to it; the logic lives in those modules, where tests reach it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
// The plain-Node build: the main build registers an IPC channel for renderers to write the log,
// and no renderer of ours should reach anything but the CompanionApi.
import log from 'electron-log/node';
import type { CompanionApi } from '../core/api/contract';
import { createCompanion } from '../core/companion';
import { LoginShellEnvironment } from '../core/platform/login-shell-env';
import { QUIT_BUDGET_MS, type CompanionCore } from '../core/companion-types';
import { aboutText } from './about';
import { applyLaunchAtLogin, electronNotifier, electronShell, followLaunchAtLogin } from './adapters';
import { powerPortForDataDir } from '../core/power/host-power-port';
import { createElectronPowerPort } from './power-electron';
import { isTrustedFrame, resolveRendererEntry } from './app-origin';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLinkAction } from './deep-link';
import { developerSimulator, prepareSimulator } from './dev-simulator';
import { runSelfTest, selfTestRequest, waitUntil } from './self-test';
import { attachCompanionIpc, type CompanionIpc } from './ipc';
import { PopoverController } from './popover';
import type { Rect } from './popover-position';
import { realClock } from '../core/platform/clock';
import { nullLogger, type LoggerPort } from '../core/platform/logger';
import { createStderrLogger } from '../core/platform/stderr-logger';
import { logUnexpectedErrors } from '../core/platform/unexpected-errors';
import { acquireDataDirLock, type DataDirLock } from '../core/store/data-dir-lock';
import { createElectronLogger } from './logging';
import { contentSecurityPolicy, hardenSession } from './security';
import { loadTemplateImage, TrayController, trayIconDir } from './tray';
import type { TrayMenuHandlers } from './tray-menu';
import { loadElectronUpdater, UpdateController } from './updater';
import { AppWindows } from './windows';


const entry = resolveRendererEntry({
  isPackaged: app.isPackaged,
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  mainDir: __dirname,
});
// app:// must be registered as privileged before `ready`; its handler is installed in startUp.
registerAppScheme(protocol);
// The preload is built as CommonJS: a sandboxed preload cannot be an ES module.
const preloadPath = path.join(__dirname, '../preload/index.cjs');

interface Running {
  core: CompanionCore;
  ipc: CompanionIpc;
  tray: TrayController<Electron.NativeImage, Electron.Menu>;
  popover: PopoverController;
  windows: AppWindows;
  stopPower: () => void;
  lock: DataDirLock;
  updates: UpdateController;
}

let running: Running | null = null;
let pendingAction: DeepLinkAction | null = deepLinkFromArgv(process.argv);
let quitting: 'no' | 'stopping' | 'done' = 'no';
/** Set once the app is ready and knows its Logs folder. */
let logger: LoggerPort = nullLogger;
// Before the Logs folder is known, unexpected errors go to stderr; Electron's error dialog never shows.
const earlyLogger = createStderrLogger();
logUnexpectedErrors(process, { host: 'the menu-bar app', logger: () => (logger === nullLogger ? earlyLogger : logger) });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => perform(deepLinkFromArgv(argv) ?? 'show-popover'));
  // macOS delivers links through open-url, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const action = parseDeepLink(url);
    if (action) perform(action);
  });
  // A menu-bar app keeps running with no windows open.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'stopping') return;
    quitting = 'stopping';
    void shutDown().finally(() => {
      quitting = 'done';
      app.quit();
    });
  });

  app
    .whenReady()
    .then(startUp)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      dialog.showErrorBox('eGPU Companion could not start', message);
      app.exit(1);
    });
}

async function startUp(): Promise<void> {
  logger = createElectronLogger(log, { logsDir: app.getPath('logs'), console: !app.isPackaged });
  // LSUIElement in Info.plist keeps the packaged app out of the Dock; this covers `electron-vite dev`.
  if (app.dock?.isVisible()) app.dock.hide();
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  hardenSession(session.defaultSession, entry);
  serveAppScheme(protocol, entry.rendererDir, contentSecurityPolicy(entry), (file) => fs.readFile(file));

  let windowsRef: AppWindows | null = null;
  // The popover's "Set up eGPU" opens the wizard in its own window rather than inside the popover.
  const shellPort = {
    ...electronShell(shell, dialog),
    openSetupWindow: async () => {
      windowsRef?.openSetup();
      return windowsRef !== null;
    },
  };
  let popover: PopoverController | null = null;
  let tray: TrayController<Electron.NativeImage, Electron.Menu> | null = null;
  const trayBounds = (): Rect => tray?.bounds() ?? { x: 0, y: 0, width: 0, height: 0 };

  // The single-instance lock covers a second app; this one also covers `serve` on the same folder.
  const lock = await acquireDataDirLock(app.getPath('userData'), { host: 'the eGPU Companion menu-bar app', logger });
  // pmset readings come from the plain-Node port (the pmset path in settings); events, idle time and the hold from Electron.
  const pmset = await powerPortForDataDir(app.getPath('userData'), logger);
  const core = createCompanion({
    logger,
    // Started from Finder the app has only the system PATH: python3, tinygrad and docker are found through the login shell.
    userEnvironment: new LoginShellEnvironment({ logger }),
    power: createElectronPowerPort({ powerMonitor, powerSaveBlocker, pmset, logger }),
    dataDir: app.getPath('userData'),
    notices: lock.notices,
    transport: 'electron',
    shell: shellPort,
    notifier: electronNotifier(Notification, {
      onClick: () => popover?.show(trayBounds()),
      // `core` is assigned by the time a notification can be pressed.
      onAction: (action) => void core.powerNotificationAction({ action }).catch(logFailure('notification action')),
    }),
    appVersion: app.getVersion(),
    // electron-builder copies recipes, tray icons and gpu-support.json to Contents/Resources
    // (extraResources); in a checkout the core finds resources/ itself.
    resourcesDir: app.isPackaged ? process.resourcesPath : undefined,
    demo: await prepareSimulator(developerSimulator(app.isPackaged, process.env)),
  });
  await core.start();

  let launchAtLogin = (await core.getSettings({})).launchAtLogin;
  const api = followLaunchAtLogin(core, (enabled) => {
    launchAtLogin = enabled;
    // In development this would register the bare Electron binary as a login item.
    if (app.isPackaged) applyLaunchAtLogin(app, enabled);
  });

  const ipc = attachCompanionIpc(api, {
    isTrustedSender: (frame) => isTrustedFrame(frame, entry.allowedOrigins),
    log: (message) => logger.warn(message),
  });
  // Sleep/wake and screen-lock reach the monitor through the power port; core.stop() unsubscribes.
  const stopPower = (): void => undefined;
  const updates = await createUpdates(core);

  const windows = new AppWindows({
    createWindow: (options) => new BrowserWindow(options),
    entry,
    preloadPath,
    setActivationPolicy: (policy) => app.setActivationPolicy(policy),
    // Links the page opens go through the core's host allow-list, like its openExternal command.
    openExternal: (url) => void api.openExternal({ url }).catch(logFailure('open link')),
    log: (message) => logger.warn(message),
  });

  windowsRef = windows;

  popover = new PopoverController({
    getWindow: () => windows.popoverWindow(),
    workAreaFor: (bounds) => workAreaFor(bounds),
    activateApp: () => app.focus({ steal: true }),
  });
  const shownPopover = popover;

  const iconDir = trayIconDir({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
  tray = new TrayController<Electron.NativeImage, Electron.Menu>({
    createTray: (image) => new Tray(image),
    loadIcon: (file) => loadTemplateImage((fullPath) => nativeImage.createFromPath(fullPath), iconDir, file),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    core: api,
    popover: shownPopover,
    preferences: () => ({ launchAtLogin, update: updates.menuItem() }),
    handlers: trayHandlers({ api, windows, popover: shownPopover, trayBounds, updates }),
    log: (message) => logger.warn(message),
  });
  tray.start();
  updates.start();

  // Created now so the first click shows a loaded page instead of a blank window.
  windows.popoverWindow();

  running = { core, ipc, tray, popover, windows, stopPower, lock, updates };
  const selfTest = selfTestRequest(process.argv, path.join(app.getPath('logs'), 'self-test'));
  if (selfTest) void selfTestAndQuit(selfTest.outDir);
  const action = pendingAction;
  pendingAction = null;
  if (action) perform(action);
}

/** What the tray menu's items do. */
function trayHandlers(o: { api: CompanionApi; windows: AppWindows; popover: PopoverController; trayBounds: () => Rect; updates: UpdateController }): TrayMenuHandlers {
  const { api, windows, updates, trayBounds } = o;
  const shownPopover = o.popover;
  return {
    refresh: () => void api.refresh({}).catch(logFailure('refresh')),
    openPopover: () => shownPopover.show(trayBounds()),
    openSetup: () => windows.openSetup(),
    copyDiagnostics: () =>
      void api
        .copyDiagnostics({})
        .then((diagnostics) => clipboard.writeText(diagnostics.text))
        .catch(logFailure('copy diagnostics')),
    setLaunchAtLogin: (enabled) => void api.updateSettings({ launchAtLogin: enabled }).catch(logFailure('launch at login')),
    quit: () => app.quit(),
    update: () => void updates.perform(updates.menuItem().action).catch(logFailure('update')),
    showAbout: () => void showAbout(api).catch(logFailure('about')),
    stopTinygrad: () => void api.stopTinygrad({}).catch(logFailure('stop tinygrad')),
    // The popover follows a doctor run that starts while it is open (src/renderer/src/doctor-store.ts).
    checkEgpu: () => {
      shownPopover.show(trayBounds());
      void api.runDoctor({ compute: false }).catch(logFailure('check the eGPU'));
    },
    power: {
      setKeepAwake: (mode) => void api.setKeepAwake(mode === 'until' ? { mode, hours: 1 } : { mode }).catch(logFailure('keep awake')),
      prepareUnplug: () => shownPopover.show(trayBounds()),
    },
  };
}

/** "Check for updates…" and "Restart to update", which waits for every long job the core's features run. */
async function createUpdates(core: CompanionCore): Promise<UpdateController> {
  return new UpdateController({
    updater: await loadElectronUpdater({ isPackaged: app.isPackaged, platform: process.platform }, logger),
    // Every feature's long jobs: a setup step, a benchmark, a model loading, a generation, the doctor's check.
    busyJobs: () => core.busy(),
    currentVersion: app.getVersion(),
    clock: realClock,
    tell: (message, detail) => void dialog.showMessageBox({ type: 'info', message, detail }).catch(logFailure('update dialog')),
    log: logger,
  });
}

async function showAbout(api: CompanionApi): Promise<void> {
  const driver = await api.getState({}).then((state) => state.driver, () => null);
  const text = aboutText({ appVersion: app.getVersion(), versions: process.versions, driver });
  await dialog.showMessageBox({ type: 'info', title: text.title, message: text.message, detail: text.detail, buttons: ['OK'] });
}

/** `--self-test`: the checks in self-test.ts against the running app, then quit with their verdict. */
async function selfTestAndQuit(outDir: string): Promise<void> {
  const current = running;
  if (!current) return;
  const page = current.windows.popoverWindow().webContents;
  const result = await runSelfTest(
    {
      trayCreated: () => current.tray.isShown(),
      popoverLoaded: () => waitUntil(() => !page.isLoading() && page.getURL() !== '').then(() => page.getURL()),
      invokeInPage: (command) => page.executeJavaScript(`window.companion.invoke(${JSON.stringify(command)}, {})`),
      capturePopover: async () => {
        current.popover.show(current.tray.bounds());
        return (await page.capturePage()).toPNG();
      },
      writeFile: (file, data) => fs.writeFile(file, data),
      mkdir: (dir) => fs.mkdir(dir, { recursive: true }).then(() => undefined),
    },
    { outDir, appVersion: app.getVersion(), platform: `${process.platform}-${process.arch}` },
  ).catch((error: unknown) => {
    logger.error('self-test failed to run', error);
    return null;
  });
  logger.info(`self-test ${result?.ok ? 'passed' : 'failed'}: ${outDir}`);
  await shutDown();
  quitting = 'done';
  app.exit(result?.ok ? 0 : 1);
}

function perform(action: DeepLinkAction): void {
  if (!running) {
    pendingAction = action;
    return;
  }
  if (action === 'open-setup') running.windows.openSetup();
  else running.popover.show(running.tray.bounds());
}

/** The display under the tray icon; the one under the pointer when the icon's bounds are unknown. */
function workAreaFor(bounds: Rect): Rect {
  const known = bounds.width > 0 && bounds.height > 0;
  const display = known ? screen.getDisplayMatching(bounds) : screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
  return display.workArea;
}

async function shutDown(): Promise<void> {
  const current = running;
  running = null;
  if (!current) return;
  current.stopPower();
  current.updates.stop();
  current.tray.stop();
  current.ipc.dispose();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, QUIT_BUDGET_MS);
  });
  await Promise.race([current.core.stop().catch(logFailure('stop')), timeout]);
  clearTimeout(timer);
  await current.lock.release();
}

function logFailure(what: string): (error: unknown) => void {
  return (error) => logger.warn(`${what} failed`, error);
}
