// A stand-in for the `electron` module, so the built main process (out/main/index.js) can start under
// plain Node. It implements only what the app calls, records every call as a JSON line in
// $EGPU_BOOT_RECORD, and takes orders from the test over the child-process IPC channel.
// Each part is checked against Electron's own types (`satisfies` below), so it cannot drift.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { BootOrder, BootRecord, BootReply } from './protocol';

type Listener = (...args: never[]) => unknown;
type AnyCall = (...args: unknown[]) => unknown;
/**
 * Electron's member K of T, as far as the double promises it: a method must accept every argument
 * list Electron's accepts (what it returns is the double's business); a property keeps its type.
 * EventEmitter's on/once/removeListener come from Node and are left out.
 */
type Accepts<T, K extends keyof T> = { [P in K]: T[P] extends (...args: infer A) => unknown ? (...args: A) => unknown : T[P] };

const recordFile = process.env['EGPU_BOOT_RECORD'] ?? '';
const packaged = process.env['EGPU_BOOT_PACKAGED'] === '1';
let sequence = 0;
// Electron sets process.resourcesPath to Contents/Resources; the test points it at a fake one.
const fakeResources = process.env['EGPU_BOOT_RESOURCES_PATH'];
if (fakeResources) Object.defineProperty(process, 'resourcesPath', { value: fakeResources, enumerable: true });
// What the app built, so the test's orders can reach it.
const trays: FakeTray[] = [];
const windows: FakeBrowserWindow[] = [];
let lastMenu: FakeMenu | null = null;

function record(target: string, method: string, args: readonly unknown[]): void {
  if (!recordFile) return;
  const line: BootRecord = { seq: ++sequence, target, method, args: JSON.parse(JSON.stringify(args, replacer)) as unknown[] };
  appendFileSync(recordFile, `${JSON.stringify(line)}\n`);
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'function') return '[function]';
  if (value instanceof Tracked) return { $double: value.name };
  return value;
}

/** Base of every double object: a name for the record and Node's EventEmitter for `on`/`once`. */
class Tracked extends EventEmitter {
  private static counts = new Map<string, number>();
  readonly name: string;

  constructor(kind: string) {
    super();
    const count = (Tracked.counts.get(kind) ?? 0) + 1;
    Tracked.counts.set(kind, count);
    this.name = `${kind}#${count}`;
  }

  protected note(method: string, args: readonly unknown[]): void {
    record(this.name, method, args);
  }

  override on(event: string, listener: Listener): this {
    this.note('on', [event]);
    return super.on(event, listener as AnyCall);
  }

  override once(event: string, listener: Listener): this {
    this.note('once', [event]);
    return super.once(event, listener as AnyCall);
  }

  override removeListener(event: string, listener: Listener): this {
    this.note('removeListener', [event]);
    return super.removeListener(event, listener as AnyCall);
  }
}

// ---- app ------------------------------------------------------------------------------------------

class FakeApp extends Tracked {
  readonly isPackaged = packaged;
  readonly dock = undefined;
  private ready = false;
  private readyWaiters: Array<() => void> = [];
  private quitting = false;

  constructor() {
    super('app');
    // Electron emits ready after the main script has run; so does the double.
    setImmediate(() => {
      this.ready = true;
      this.note('ready', []);
      this.emit('ready', {}, {});
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    });
  }

  whenReady(): Promise<void> {
    this.note('whenReady', []);
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    this.note('requestSingleInstanceLock', []);
    return true;
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    this.note('getPath', [name]);
    const home = process.env['HOME'] ?? '/nonexistent';
    if (name === 'userData') return path.join(home, 'Library', 'Application Support', 'eGPU Companion');
    if (name === 'logs') return path.join(home, 'Library', 'Logs', 'eGPU Companion');
    return path.join(home, name);
  }
  getAppPath(): string {
    return packaged ? path.join(process.resourcesPath, 'app.asar') : process.cwd();
  }
  getVersion(): string {
    return process.env['EGPU_BOOT_APP_VERSION'] ?? '0.0.0';
  }
  getName(): string {
    return 'eGPU Companion';
  }
  setAsDefaultProtocolClient(protocol: string): boolean {
    this.note('setAsDefaultProtocolClient', [protocol]);
    return true;
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    this.note('setLoginItemSettings', [settings]);
  }
  setActivationPolicy(policy: 'regular' | 'accessory' | 'prohibited'): void {
    this.note('setActivationPolicy', [policy]);
  }
  setAboutPanelOptions(options: Electron.AboutPanelOptionsOptions): void {
    this.note('setAboutPanelOptions', [options]);
  }
  showAboutPanel(): void {
    this.note('showAboutPanel', []);
  }
  focus(options?: Electron.FocusOptions): void {
    this.note('focus', [options]);
  }

  /** Like Electron: before-quit and will-quit may be cancelled; then the app ends. */
  quit(): void {
    this.note('quit', []);
    if (this.quitting) return;
    const beforeQuit = cancellable();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = cancellable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitting = true;
    this.emit('quit', {}, 0);
    this.note('quitted', []);
    // Unlike Electron the double does not end the process: it lets go of the test's channel, and the
    // process ends by itself only if the app left no timers, sockets or children behind.
    if (process.connected) process.disconnect();
  }

  exit(exitCode?: number): void {
    this.note('exit', [exitCode]);
    process.exit(exitCode ?? 0);
  }
}

function cancellable(): { defaultPrevented: boolean; preventDefault(): void } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

// ---- images, tray, menu -------------------------------------------------------------------------

class FakeNativeImage extends Tracked {
  private template = false;
  constructor(readonly path: string) {
    super('NativeImage');
  }
  setTemplateImage(option: boolean): void {
    this.template = option;
    this.note('setTemplateImage', [option]);
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  isEmpty(): boolean {
    return this.path === '';
  }
  /** A real 1×1 PNG: what a capture of a drawn window gives, in miniature. */
  toPNG(): Buffer {
    this.note('toPNG', []);
    return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  }
  toJSON(): unknown {
    return { $double: this.name, path: this.path, template: this.template };
  }
}

class FakeTray extends Tracked {
  private destroyed = false;
  constructor(image: unknown) {
    super('Tray');
    this.note('constructor', [image]);
    trays.push(this);
  }
  setImage(image: unknown): void {
    this.note('setImage', [image]);
  }
  setToolTip(toolTip: string): void {
    this.note('setToolTip', [toolTip]);
  }
  setTitle(title: string): void {
    this.note('setTitle', [title]);
  }
  getBounds(): Electron.Rectangle {
    return { x: 1200, y: 0, width: 22, height: 24 };
  }
  popUpContextMenu(menu?: unknown): void {
    this.note('popUpContextMenu', [menu]);
  }
  setIgnoreDoubleClickEvents(ignore: boolean): void {
    this.note('setIgnoreDoubleClickEvents', [ignore]);
  }
  destroy(): void {
    this.destroyed = true;
    this.note('destroy', []);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

class FakeMenu extends Tracked {
  constructor(readonly template: readonly Electron.MenuItemConstructorOptions[]) {
    super('Menu');
  }
  static buildFromTemplate(template: Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>): FakeMenu {
    const items = template as Electron.MenuItemConstructorOptions[];
    const menu = new FakeMenu(items);
    lastMenu = menu;
    record('Menu', 'buildFromTemplate', [items.map((item) => ({ id: item.id, label: item.label, type: item.type, enabled: item.enabled }))]);
    return menu;
  }
  static setApplicationMenu(menu: unknown): void {
    record('Menu', 'setApplicationMenu', [menu]);
  }
  /** Clicks an item the way Electron does: a checkbox flips before its click handler runs. */
  click(id: string): boolean {
    const item = this.template.find((candidate) => candidate.id === id);
    if (!item?.click) return false;
    const menuItem = { id, checked: item.type === 'checkbox' ? !item.checked : Boolean(item.checked) };
    (item.click as AnyCall)(menuItem, undefined, {});
    return true;
  }
}

// ---- windows --------------------------------------------------------------------------------------

class FakeWebContents extends Tracked {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  private destroyed = false;
  private url = '';
  constructor() {
    super('WebContents');
  }
  setWindowOpenHandler(handler: (details: Electron.HandlerDetails) => Electron.WindowOpenHandlerResponse): void {
    this.note('setWindowOpenHandler', [handler]);
  }
  getURL(): string {
    return this.url;
  }
  loaded(url: string): void {
    this.url = url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.note('send', [channel, ...args]);
  }
  isLoading(): boolean {
    return this.url === '';
  }
  /**
   * Stands in for the page: the only script it understands is the preload's own call,
   * `window.companion.invoke(name, input)`, which it sends to main's IPC handler from this page's URL.
   */
  async executeJavaScript(code: string): Promise<unknown> {
    this.note('executeJavaScript', [code]);
    const call = /^window\.companion\.invoke\(("[^"]*"), (\{.*\})\)$/.exec(code);
    if (!call) throw new Error(`the double's page cannot run: ${code}`);
    const handler = ipcMain.handlers.get('companion:invoke');
    if (!handler) throw new Error('no companion:invoke handler');
    const event = { sender: this, senderFrame: { url: this.url, parent: null }, processId: 1, frameId: 1 };
    return handler(event, JSON.parse(call[1]!), JSON.parse(call[2]!));
  }
  capturePage(): Promise<FakeNativeImage> {
    this.note('capturePage', []);
    return Promise.resolve(new FakeNativeImage('capture'));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

class FakeBrowserWindow extends Tracked {
  readonly webContents = new FakeWebContents();
  private destroyed = false;
  private visible = false;
  constructor(options?: Electron.BrowserWindowConstructorOptions) {
    super('BrowserWindow');
    this.note('constructor', [options]);
    windows.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return windows.filter((window) => !window.destroyed);
  }
  loadURL(url: string): Promise<void> {
    this.note('loadURL', [url]);
    this.webContents.loaded(url);
    return Promise.resolve();
  }
  setAlwaysOnTop(flag: boolean, level?: string): void {
    this.note('setAlwaysOnTop', [flag, level]);
  }
  setVisibleOnAllWorkspaces(visible: boolean, options?: Electron.VisibleOnAllWorkspacesOptions): void {
    this.note('setVisibleOnAllWorkspaces', [visible, options]);
  }
  setPosition(x: number, y: number): void {
    this.note('setPosition', [x, y]);
  }
  setBounds(bounds: Partial<Electron.Rectangle>): void {
    this.note('setBounds', [bounds]);
  }
  getBounds(): Electron.Rectangle {
    return { x: 0, y: 0, width: 380, height: 560 };
  }
  getSize(): number[] {
    return [380, 560];
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isFocused(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return false;
  }
  show(): void {
    this.visible = true;
    this.note('show', []);
  }
  hide(): void {
    this.visible = false;
    this.note('hide', []);
  }
  focus(): void {
    this.note('focus', []);
  }
  restore(): void {
    this.note('restore', []);
  }
  close(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.note('destroy', []);
    this.webContents.destroy();
    this.emit('closed');
  }
}

// ---- ipcMain ----------------------------------------------------------------------------------------

class FakeIpcMain extends Tracked {
  readonly handlers = new Map<string, AnyCall>();
  constructor() {
    super('ipcMain');
  }
  handle(channel: string, listener: (event: Electron.IpcMainInvokeEvent, ...args: never[]) => unknown): void {
    this.note('handle', [channel]);
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener as AnyCall);
  }
  removeHandler(channel: string): void {
    this.note('removeHandler', [channel]);
    this.handlers.delete(channel);
  }
}

// ---- the smaller modules -------------------------------------------------------------------------------

class FakeNotification extends Tracked {
  constructor(options?: Electron.NotificationConstructorOptions) {
    super('Notification');
    this.note('constructor', [options]);
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.note('show', []);
  }
  close(): void {
    this.note('close', []);
  }
}

class FakeSession extends Tracked {
  readonly webRequest = {
    onHeadersReceived: (listener: Listener | null): void => record(this.name, 'webRequest.onHeadersReceived', [listener]),
  };
  constructor() {
    super('Session');
  }
  setPermissionRequestHandler(handler: Listener | null): void {
    this.note('setPermissionRequestHandler', [handler]);
  }
  setPermissionCheckHandler(handler: Listener | null): void {
    this.note('setPermissionCheckHandler', [handler]);
  }
}

const display: Electron.Display = {
  accelerometerSupport: 'unknown',
  bounds: { x: 0, y: 0, width: 1512, height: 982 },
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  detected: true,
  displayFrequency: 60,
  id: 1,
  internal: true,
  label: 'Built-in Retina Display',
  maximumCursorSize: { width: 64, height: 64 },
  monochrome: false,
  nativeOrigin: { x: 0, y: 0 },
  rotation: 0,
  scaleFactor: 2,
  size: { width: 1512, height: 982 },
  touchSupport: 'unknown',
  workArea: { x: 0, y: 25, width: 1512, height: 957 },
  workAreaSize: { width: 1512, height: 957 },
};

function recorded<T extends object>(name: string, members: T): T {
  for (const [key, value] of Object.entries(members)) {
    if (typeof value !== 'function') continue;
    (members as Record<string, unknown>)[key] = (...args: unknown[]) => {
      record(name, key, args);
      return (value as AnyCall)(...args);
    };
  }
  return members;
}

// ---- the exported surface, each part checked against Electron's types --------------------------------------

export const app = new FakeApp() satisfies Accepts<
  Electron.App,
  | 'whenReady' | 'isReady' | 'requestSingleInstanceLock' | 'getPath' | 'getAppPath' | 'getVersion' | 'getName' | 'isPackaged'
  | 'setAsDefaultProtocolClient' | 'setLoginItemSettings' | 'setActivationPolicy' | 'setAboutPanelOptions' | 'showAboutPanel'
  | 'focus' | 'quit' | 'exit'
>;
export const Tray = FakeTray satisfies new (...args: ConstructorParameters<typeof Electron.Tray>) => Accepts<
  Electron.Tray,
  'setImage' | 'setToolTip' | 'setTitle' | 'getBounds' | 'popUpContextMenu' | 'setIgnoreDoubleClickEvents' | 'destroy' | 'isDestroyed'
>;
export const Menu = FakeMenu satisfies Accepts<typeof Electron.Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
export const BrowserWindow = FakeBrowserWindow satisfies Accepts<typeof Electron.BrowserWindow, 'getAllWindows'> &
  (new (...args: ConstructorParameters<typeof Electron.BrowserWindow>) => Accepts<
    Electron.BrowserWindow,
    | 'loadURL' | 'setAlwaysOnTop' | 'setVisibleOnAllWorkspaces' | 'setPosition' | 'setBounds' | 'getBounds' | 'getSize' | 'isDestroyed'
    | 'isVisible' | 'isFocused' | 'isMinimized' | 'show' | 'hide' | 'focus' | 'restore' | 'close' | 'destroy'
  > & { webContents: Accepts<Electron.WebContents, 'id' | 'setWindowOpenHandler' | 'getURL' | 'send' | 'isDestroyed' | 'isLoading' | 'executeJavaScript'> });
export const ipcMain = new FakeIpcMain() satisfies Accepts<Electron.IpcMain, 'handle' | 'removeHandler'>;
export const Notification = FakeNotification satisfies Accepts<typeof Electron.Notification, 'isSupported'> &
  (new (...args: ConstructorParameters<typeof Electron.Notification>) => Accepts<Electron.Notification, 'show' | 'close'>);
export const nativeImage = recorded('nativeImage', {
  createFromPath: (fullPath: string) => new FakeNativeImage(fullPath),
  createEmpty: () => new FakeNativeImage(''),
}) satisfies Accepts<typeof Electron.nativeImage, 'createFromPath' | 'createEmpty'>;
export const powerMonitor = new (class extends Tracked {
  constructor() {
    super('powerMonitor');
  }
  isOnBatteryPower(): boolean {
    return false;
  }
  getSystemIdleTime(): number {
    return 0;
  }
})() satisfies Accepts<Electron.PowerMonitor, 'isOnBatteryPower' | 'getSystemIdleTime'>;
export const powerSaveBlocker = recorded('powerSaveBlocker', {
  start: (_type: 'prevent-app-suspension' | 'prevent-display-sleep') => 1,
  stop: (_id: number) => true,
  isStarted: (_id: number) => false,
}) satisfies Accepts<Electron.PowerSaveBlocker, 'start' | 'stop' | 'isStarted'>;
export const nativeTheme = new (class extends Tracked {
  readonly shouldUseDarkColors = false;
  themeSource: 'system' | 'light' | 'dark' = 'system';
  constructor() {
    super('nativeTheme');
  }
})() satisfies Accepts<Electron.NativeTheme, 'shouldUseDarkColors' | 'themeSource'>;
export const shell = recorded('shell', {
  openExternal: (_url: string, _options?: Electron.OpenExternalOptions) => Promise.resolve(),
  showItemInFolder: (_fullPath: string) => undefined,
  openPath: (_fullPath: string) => Promise.resolve(''),
}) satisfies Accepts<Electron.Shell, 'openExternal' | 'showItemInFolder' | 'openPath'>;
export const screen = recorded('screen', {
  getDisplayMatching: (_rect: Electron.Rectangle) => display,
  getDisplayNearestPoint: (_point: Electron.Point) => display,
  getCursorScreenPoint: () => ({ x: 1210, y: 10 }),
  getPrimaryDisplay: () => display,
}) satisfies Accepts<Electron.Screen, 'getDisplayMatching' | 'getDisplayNearestPoint' | 'getCursorScreenPoint' | 'getPrimaryDisplay'>;
export const session = { defaultSession: new FakeSession() } satisfies {
  defaultSession: Accepts<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
    webRequest: Accepts<Electron.WebRequest, 'onHeadersReceived'>;
  };
};
export const protocol = recorded('protocol', {
  handle: (_scheme: string, _handler: Listener) => undefined,
  registerSchemesAsPrivileged: (_schemes: Electron.CustomScheme[]) => undefined,
}) satisfies Accepts<Electron.Protocol, 'handle' | 'registerSchemesAsPrivileged'>;
export const dialog = recorded('dialog', {
  showErrorBox: (_title: string, _content: string) => undefined,
  showMessageBox: (_windowOrOptions: unknown, _options?: Electron.MessageBoxOptions) => Promise.resolve({ response: 0, checkboxChecked: false }),
}) satisfies Accepts<Electron.Dialog, 'showErrorBox' | 'showMessageBox'>;
export const clipboard = recorded('clipboard', {
  writeText: (_text: string, _type?: 'selection' | 'clipboard') => undefined,
  readText: (_type?: 'selection' | 'clipboard') => '',
}) satisfies Accepts<Electron.Clipboard, 'writeText' | 'readText'>;

// Names that are not Electron exports would fail here.
const surface = {
  app, Tray, Menu, BrowserWindow, ipcMain, Notification, nativeImage, powerMonitor, powerSaveBlocker, nativeTheme,
  shell, screen, session, protocol, dialog, clipboard,
} satisfies Partial<Record<keyof typeof Electron.CrossProcessExports, unknown>>;
// `import electron from 'electron'` and CommonJS `require('electron')` get the same objects.
export default surface;
(globalThis as Record<symbol, unknown>)[Symbol.for('egpu-companion.electron-double')] = surface;

// ---- orders from the test --------------------------------------------------------------------------

async function obey(order: BootOrder): Promise<BootReply> {
  switch (order.op) {
    case 'invoke': {
      const handler = ipcMain.handlers.get(order.channel);
      if (!handler) return { id: order.id, ok: false, error: `no handler for ${order.channel}` };
      const sender = windows.find((window) => !window.isDestroyed())?.webContents ?? new FakeWebContents();
      const event = { sender, senderFrame: { url: order.frameUrl, parent: null }, processId: 1, frameId: 1 };
      return { id: order.id, ok: true, value: await handler(event, ...order.args) };
    }
    case 'tray-menu': {
      const tray = liveTray();
      if (!tray) return { id: order.id, ok: false, error: 'no tray' };
      tray.emit('right-click', {}, tray.getBounds());
      return { id: order.id, ok: true, value: null };
    }
    case 'menu-click': {
      const menu = lastMenu;
      return { id: order.id, ok: menu?.click(order.itemId) ?? false, value: null };
    }
    case 'quit':
      setImmediate(() => app.quit());
      return { id: order.id, ok: true, value: null };
    case 'unexpected-error':
      setTimeout(() => {
        throw new Error(`${order.message} (thrown)`);
      }, 0);
      setTimeout(() => void Promise.reject(new Error(`${order.message} (rejected)`)), 0);
      return { id: order.id, ok: true, value: null };
  }
}

function liveTray(): FakeTray | undefined {
  return trays.find((tray) => !tray.isDestroyed());
}

if (process.connected) {
  process.on('message', (order: BootOrder) => {
    obey(order)
      .catch((error: unknown): BootReply => ({ id: order.id, ok: false, error: error instanceof Error ? error.message : String(error) }))
      .then((reply) => process.send?.(reply))
      .catch((error: unknown) => record('double', 'reply-failed', [String(error)]));
  });
}
