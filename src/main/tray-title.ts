// The text next to the menu-bar icon lives in the contract folder so web mode's menu bar shows the same.
export { trayTitleText, trayTitleTicks } from '../core/api/tray-title';
