// The menu-bar icon: template image and tooltip follow the core's state, left click toggles the
// popover (and refreshes), right click shows the menu from trayMenuTemplate().
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { CompanionApi } from '../core/api/contract';
import type { AppState } from '../core/api/schemas';
import type { Rect } from './popover-position';
import { trayTitleText, trayTitleTicks } from './tray-title';
import type { TrayTinygrad } from './tray-inference-menu';
import { PRODUCT_NAME, trayIconFor, trayMenuTemplate, trayTooltip, type TrayMenuHandlers, type TrayMenuPreferences } from './tray-menu';

/** The parts of Electron's Tray the controller uses. */
export interface TrayWidget<Image, ContextMenu> {
  setImage(image: Image): void;
  setToolTip(toolTip: string): void;
  /** macOS: text beside the icon (the sleep countdown, or tok/s while a generation streams). */
  setTitle(title: string): void;
  getBounds(): Rect;
  popUpContextMenu(menu?: ContextMenu): void;
  on(event: 'click' | 'right-click', listener: (event: unknown, bounds: Rect) => void): unknown;
  setIgnoreDoubleClickEvents(ignore: boolean): void;
  destroy(): void;
}

export interface TrayControllerDeps<Image, ContextMenu> {
  createTray(image: Image): TrayWidget<Image, ContextMenu>;
  /** Loads resources/tray/<file> as a template image (see loadTemplateImage). */
  loadIcon(file: string): Image;
  buildMenu(template: MenuItemConstructorOptions[]): ContextMenu;
  core: Pick<CompanionApi, 'on' | 'getState' | 'refresh'>;
  popover: { toggle(trayBounds: Rect): boolean };
  handlers: TrayMenuHandlers;
  preferences(): TrayMenuPreferences;
  log?(message: string): void;
}

// A Tray that is only referenced from a closure gets garbage collected and vanishes from the menu bar.
let activeTray: TrayWidget<unknown, unknown> | null = null;

export class TrayController<Image, ContextMenu> {
  private tray: TrayWidget<Image, ContextMenu> | null = null;
  private state: AppState | null = null;
  private iconFile: string | null = null;
  private readonly icons = new Map<string, Image>();
  private unsubscribe: (() => void) | null = null;
  private unsubscribeTitle: (() => void) | null = null;
  private unsubscribeTinygrad: (() => void) | null = null;
  private tinygrad: TrayTinygrad | null = null;
  private titleTimer: ReturnType<typeof setInterval> | null = null;
  private title = '';
  private inferenceTitle = '';

  constructor(private readonly deps: TrayControllerDeps<Image, ContextMenu>) {}

  start(): void {
    if (this.tray) return;
    const initial = trayIconFor('unknown');
    const tray = this.deps.createTray(this.icon(initial.file));
    this.iconFile = initial.file;
    tray.setToolTip(`${PRODUCT_NAME} — ${initial.tooltip}`);
    // Quick successive clicks should each toggle instead of being swallowed as a double click.
    tray.setIgnoreDoubleClickEvents(true);
    tray.on('click', (_event, bounds) => this.onClick(bounds));
    tray.on('right-click', () => this.showMenu());
    this.tray = tray;
    activeTray = tray;
    this.unsubscribe = this.deps.core.on('state', (state) => this.update(state));
    // "42 tok/s" next to the icon while a generation streams through the proxy; cleared after it.
    this.unsubscribeTitle = this.deps.core.on('inferenceTrayTitle', (payload) => {
      this.inferenceTitle = inferenceTitleText(payload);
      this.showTitle();
    });
    // "Stop the tinygrad server (model)" in the menu while the managed server runs.
    this.unsubscribeTinygrad = this.deps.core.on('tinygradStatus', ({ running, model }) => {
      this.tinygrad = { running, model };
    });
    // The core publishes on change; ask once so the icon is right before the next poll.
    this.deps.core
      .getState({})
      .then((state) => {
        if (this.state === null) this.update(state);
      })
      .catch((error: unknown) => this.deps.log?.(`could not read the initial state: ${errorText(error)}`));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeTitle?.();
    this.unsubscribeTitle = null;
    this.unsubscribeTinygrad?.();
    this.unsubscribeTinygrad = null;
    this.stopTitleTimer();
    this.tray?.destroy();
    if (activeTray === this.tray) activeTray = null;
    this.tray = null;
  }

  /** The menu-bar icon exists (started, not stopped). */
  isShown(): boolean {
    return this.tray !== null;
  }

  /** Where the icon is, for showing the popover from the menu, a notification or a second launch. */
  bounds(): Rect {
    return this.tray?.getBounds() ?? { x: 0, y: 0, width: 0, height: 0 };
  }

  showMenu(): void {
    if (!this.tray) return;
    // Built at open time, so it always shows the latest state and launch-at-login setting.
    const template = trayMenuTemplate(this.state, this.deps.handlers, { ...this.deps.preferences(), tinygrad: this.tinygrad });
    this.tray.popUpContextMenu(this.deps.buildMenu(template));
  }

  private update(state: AppState): void {
    this.state = state;
    if (!this.tray) return;
    const { file } = trayIconFor(state.tray);
    if (file !== this.iconFile) {
      this.tray.setImage(this.icon(file));
      this.iconFile = file;
    }
    this.tray.setToolTip(trayTooltip(state));
    this.showTitle();
    if (trayTitleTicks(state)) {
      this.titleTimer ??= setInterval(() => this.showTitle(), 1000);
    } else this.stopTitleTimer();
  }

  private showTitle(): void {
    // A coming sleep matters more than the speed figure.
    const title = trayTitleText(this.state, Date.now()) || this.inferenceTitle;
    if (title === this.title) return;
    this.title = title;
    this.tray?.setTitle(title);
  }

  private stopTitleTimer(): void {
    if (this.titleTimer !== null) clearInterval(this.titleTimer);
    this.titleTimer = null;
  }

  private onClick(bounds: Rect): void {
    const opened = this.deps.popover.toggle(bounds);
    if (!opened) return;
    this.deps.core.refresh({}).catch((error: unknown) => {
      this.deps.log?.(`refresh after opening the popover failed: ${errorText(error)}`);
    });
  }

  private icon(file: string): Image {
    let image = this.icons.get(file);
    if (image === undefined) {
      image = this.deps.loadIcon(file);
      this.icons.set(file, image);
    }
    return image;
  }
}

const MAX_TITLE_LENGTH = 16;

/** The menu-bar title for an inferenceTrayTitle event: a short figure, or '' to clear it. */
export function inferenceTitleText(payload: { text: string | null }): string {
  const text = payload.text?.trim() ?? '';
  return text.length > MAX_TITLE_LENGTH ? `${text.slice(0, MAX_TITLE_LENGTH - 1)}…` : text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** For tests and diagnostics: whether a tray is currently held. */
export function hasActiveTray(): boolean {
  return activeTray !== null;
}

export interface TemplateImage {
  setTemplateImage(option: boolean): void;
}

/**
 * Loads `<dir>/<file>`; Electron picks the `@2x` sibling on Retina displays by itself. Marking it a
 * template lets macOS tint it for light and dark menu bars (the file name also ends in Template).
 */
export function loadTemplateImage<Image extends TemplateImage>(
  createFromPath: (fullPath: string) => Image,
  dir: string,
  file: string,
): Image {
  const image = createFromPath(path.join(dir, file));
  image.setTemplateImage(true);
  return image;
}

/** resources/tray in a checkout; Contents/Resources/tray in the packaged app (extraResources). */
export function trayIconDir(options: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return options.isPackaged ? path.join(options.resourcesPath, 'tray') : path.join(options.appPath, 'resources', 'tray');
}
