// Step logs hold raw terminal output: colour codes, cursor moves and carriage-return progress bars.
// For reading in a panel we keep only the text, as a terminal would have left it on each line.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and other two-byte escapes. Matching control
// characters is the point here.
/* eslint-disable no-control-regex */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const OTHER_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;
/* eslint-enable no-control-regex */

export function plainLogText(raw: string): string {
  return raw
    .replace(ESCAPES, '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => {
      // "Downloading 10%\rDownloading 55%\r…": the last redraw is what the user saw.
      const redraws = line.split('\r').filter((part) => part.length > 0);
      return (redraws[redraws.length - 1] ?? '').replace(OTHER_CONTROLS, '');
    })
    .join('\n');
}
