#!/usr/bin/env node
// Renders the menu-bar template icons (resources/tray) and the app icon (build/icon.png) from the
// SVG drawings below, in headless Chromium (found as the tests find it: test/support/browser.ts) with a
// transparent background. Re-run after editing:
//   node --import tsx scripts/make-tray-icons.mjs
// Template images must be black on transparent; macOS tints them for light and dark menu bars.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findBrowser, launchArgs } from '../test/support/browser.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- menu-bar glyph: a graphics card (bracket, fan, heatsink, PCIe fingers) in a 16×16 grid ----
// Coordinates sit on whole pixels (or pixel centres for 1-wide strokes) so the 16 px file stays crisp.
const card = `
  <rect x="1" y="2" width="1" height="12" rx="0.5" fill="#000"/>
  <rect x="3.5" y="3.5" width="11" height="8" rx="1.5" fill="none" stroke="#000" stroke-width="1"/>
  <circle cx="7.25" cy="7.5" r="2.25" fill="none" stroke="#000" stroke-width="1"/>
  <circle cx="7.25" cy="7.5" r="0.75" fill="#000"/>
  <rect x="11" y="5" width="2" height="1" fill="#000"/>
  <rect x="11" y="7" width="2" height="1" fill="#000"/>
  <rect x="11" y="9" width="2" height="1" fill="#000"/>
  <rect x="5" y="12" width="3" height="2" fill="#000"/>
  <rect x="9" y="12" width="4" height="2" fill="#000"/>`;

const BADGE = { cx: 12.5, cy: 11.5, r: 3.5, gap: 1 };

/** A filled corner badge with a symbol knocked out of it; the card is cut away around it. */
function badged(symbol) {
  const { cx, cy, r, gap } = BADGE;
  return `
  <defs>
    <mask id="around-badge"><rect width="16" height="16" fill="#fff"/><circle cx="${cx}" cy="${cy}" r="${r + gap}" fill="#000"/></mask>
    <mask id="symbol"><rect width="16" height="16" fill="#fff"/>${symbol}</mask>
  </defs>
  <g mask="url(#around-badge)">${card}</g>
  <circle cx="${cx}" cy="${cy}" r="${r}" fill="#000" mask="url(#symbol)"/>`;
}

const exclamation = `
  <rect x="12" y="9" width="1" height="3" fill="#000"/>
  <rect x="12" y="13" width="1" height="1" fill="#000"/>`;

const question = `
  <path d="M11.4 10.1 A1.15 1.15 0 1 1 13.2 11 C12.7 11.35 12.5 11.6 12.5 12.2" fill="none" stroke="#000" stroke-width="1" stroke-linecap="round"/>
  <rect x="12" y="13" width="1" height="1" fill="#000"/>`;

const slashed = `
  <defs>
    <mask id="around-slash">
      <rect width="16" height="16" fill="#fff"/>
      <path d="M1.5 1.5 L14.5 14.5" stroke="#000" stroke-width="3.2" stroke-linecap="round"/>
    </mask>
  </defs>
  <g mask="url(#around-slash)">${card}</g>
  <path d="M1.75 1.75 L14.25 14.25" stroke="#000" stroke-width="1.2" stroke-linecap="round"/>`;

const TRAY_ICONS = {
  trayOkTemplate: card,
  trayWarningTemplate: badged(exclamation),
  trayDisconnectedTemplate: slashed,
  trayUnknownTemplate: badged(question),
};

// ---- app icon: dark rounded square (macOS grid: 824 px body in a 1024 px canvas) with a lit card ----

const APP_ICON = `
<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="body" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3a3f4b"/>
      <stop offset="1" stop-color="#14161c"/>
    </linearGradient>
    <linearGradient id="card" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f4f6fa"/>
      <stop offset="1" stop-color="#c9ced8"/>
    </linearGradient>
    <linearGradient id="glow" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#5ee7b0"/>
      <stop offset="1" stop-color="#3fb6ff"/>
    </linearGradient>
    <radialGradient id="fan" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#2a2e37"/>
      <stop offset="1" stop-color="#15171d"/>
    </radialGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="150%">
      <feDropShadow dx="0" dy="18" stdDeviation="22" flood-color="#000" flood-opacity="0.45"/>
    </filter>
    <filter id="soft" x="-50%" y="-50%" width="200%" height="200%">
      <feGaussianBlur stdDeviation="14"/>
    </filter>
  </defs>
  <rect x="100" y="100" width="824" height="824" rx="185" fill="url(#body)"/>
  <rect x="101" y="101" width="822" height="822" rx="184" fill="none" stroke="#ffffff" stroke-opacity="0.08" stroke-width="2"/>

  <g filter="url(#shadow)">
    <!-- bracket -->
    <path d="M222 330 H262 V720" fill="none" stroke="#aab1be" stroke-width="26" stroke-linejoin="round" stroke-linecap="round"/>
    <!-- card body -->
    <rect x="280" y="340" width="520" height="300" rx="44" fill="url(#card)"/>
    <!-- PCIe fingers -->
    <rect x="360" y="640" width="120" height="52" rx="8" fill="#e3b341"/>
    <rect x="500" y="640" width="200" height="52" rx="8" fill="#e3b341"/>
    <!-- fans -->
    <g>
      <circle cx="420" cy="490" r="104" fill="url(#fan)"/>
      <circle cx="420" cy="490" r="104" fill="none" stroke="#9aa1ae" stroke-width="6"/>
      <g fill="#3b414d">
        <path d="M420 490 C 440 430, 500 420, 505 452 C 470 455, 450 470, 420 490 Z"/>
        <path d="M420 490 C 480 510, 490 570, 458 575 C 455 540, 440 520, 420 490 Z" />
        <path d="M420 490 C 400 550, 340 560, 335 528 C 370 525, 390 510, 420 490 Z"/>
        <path d="M420 490 C 360 470, 350 410, 382 405 C 385 440, 400 460, 420 490 Z"/>
      </g>
      <circle cx="420" cy="490" r="26" fill="#c9ced8"/>
    </g>
    <g>
      <circle cx="650" cy="490" r="104" fill="url(#fan)"/>
      <circle cx="650" cy="490" r="104" fill="none" stroke="#9aa1ae" stroke-width="6"/>
      <g fill="#3b414d">
        <path d="M650 490 C 670 430, 730 420, 735 452 C 700 455, 680 470, 650 490 Z"/>
        <path d="M650 490 C 710 510, 720 570, 688 575 C 685 540, 670 520, 650 490 Z"/>
        <path d="M650 490 C 630 550, 570 560, 565 528 C 600 525, 620 510, 650 490 Z"/>
        <path d="M650 490 C 590 470, 580 410, 612 405 C 615 440, 630 460, 650 490 Z"/>
      </g>
      <circle cx="650" cy="490" r="26" fill="#c9ced8"/>
    </g>
  </g>
  <!-- status light along the top edge of the card -->
  <rect x="330" y="364" width="420" height="14" rx="7" fill="url(#glow)" filter="url(#soft)" opacity="0.9"/>
  <rect x="330" y="364" width="420" height="10" rx="5" fill="url(#glow)"/>
</svg>`;

/** The 16×16 drawing at `scale` (2 for the @2x file); the viewBox keeps the geometry identical. */
function traySvg(body, scale) {
  const size = 16 * scale;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 16 16">${body}</svg>`;
}

async function render(page, svg, size, file) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head><body>${svg}</body></html>`,
  );
  await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`wrote ${path.relative(root, file)}`);
}

async function main() {
  // A fresh profile each run, so nothing from an earlier run (or the user's browser) leaks in.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'egpu-icons-'));
  const browser = await findBrowser();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: { ...process.env, ...browser.env },
    headless: true,
    deviceScaleFactor: 1,
    args: launchArgs(browser, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const trayDir = path.join(root, 'resources', 'tray');
    await mkdir(trayDir, { recursive: true });
    for (const [name, body] of Object.entries(TRAY_ICONS)) {
      await render(page, traySvg(body, 1), 16, path.join(trayDir, `${name}.png`));
      await render(page, traySvg(body, 2), 32, path.join(trayDir, `${name}@2x.png`));
    }
    const buildDir = path.join(root, 'build');
    await mkdir(buildDir, { recursive: true });
    await render(page, APP_ICON, 1024, path.join(buildDir, 'icon.png'));
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
