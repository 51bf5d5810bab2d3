// Property tests: whatever a tool prints, no parser throws, every result is well-formed, and a
// successful `tinygpu list` parse only ever yields devices that satisfy DeviceSchema.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeviceSchema, DriverStateSchema } from '../../../src/core/api/schemas';
import {
  nvidiaSmiToDevice,
  parseIoregTinygpu,
  parseNvidiaSmi,
  parseOllamaPs,
  parseSystemExtensions,
  parseSystemProfilerPciJson,
  parseSystemProfilerPciText,
  parseSystemProfilerThunderboltJson,
  parseTinygpuAppStatus,
  parseTinygpuList,
  parseTinygpuServerProcesses,
} from '../../../src/core/probe/parsers';
import type { ParseResult } from '../../../src/core/probe/types';
import { probeFixture, probeFixtureFiles, type ProbeFixtureTool } from '../../fixtures/probe/fixtures';

const NUM_RUNS = 300;

const nullableCount = z.number().int().positive().nullable();
const nullableAmount = z.number().nonnegative().finite().nullable();

interface ParserUnderTest {
  name: string;
  parse: (input: string) => ParseResult<unknown>;
  value: z.ZodType;
  fixtures: ProbeFixtureTool;
  /** Tokens that make random text look a little like this tool's output. */
  tokens: string[];
}

const PARSERS: ParserUnderTest[] = [
  {
    name: 'parseTinygpuList',
    parse: parseTinygpuList,
    value: z.object({ devices: z.array(DeviceSchema), message: z.string().nullable() }),
    fixtures: 'tinygpu-list',
    tokens: ['Device', '0', '99999999999999999999', ':', '  VRAM', 'VRAM Used', 'Memory', 'Driver', 'Connection', 'Utilization',
      'Vendor ID', 'Device ID', 'PCI ID', '10de:2684', '0xFFFF', 'MB', 'GiB', 'TB', '1e400', '1'.repeat(400), '-5', '150%', 'x0', 'x99',
      'Gen0', 'Gen4', '64 GT/s', '(', ')', 'Thunderbolt 4', 'USB4', 'No devices found', '\t', ' '],
  },
  {
    name: 'parseTinygpuAppStatus',
    parse: parseTinygpuAppStatus,
    value: z.object({ state: DriverStateSchema, message: z.string() }),
    fixtures: 'tinygpu-app-status',
    tokens: ['Extension', 'is', 'ready!', 'awaiting approval.', 'activating...', 'not installed.', 'Driver extension', '\n'],
  },
  {
    name: 'parseSystemExtensions',
    parse: (input) => parseSystemExtensions(input),
    value: z.object({
      state: DriverStateSchema,
      version: z.string().nullable(),
      rows: z.array(z.object({ bundleId: z.string().min(1), state: z.string(), driverState: DriverStateSchema })),
    }),
    fixtures: 'systemextensionsctl',
    tokens: ['*', '\t', '---', '1 extension(s)', 'org.tinygrad.tinygpu.driver2', '(1.0.0/3)', '(/)', '()', '[activated enabled]',
      '[terminated waiting to uninstall on reboot]', '[', ']', 'enabled\tactive\tteamID', '9YG3G8543N'],
  },
  {
    name: 'parseSystemProfilerPciJson',
    parse: parseSystemProfilerPciJson,
    value: z.array(pciDeviceSchema()),
    fixtures: 'system-profiler-pci',
    tokens: ['{', '}', '[', ']', ',', ':', '"SPPCIDataType"', '"_name"', '"_items"', '"sppci_vendor-id"', '"sppci_link-width"',
      '"sppci_link-speed"', '"x0"', '"16.0 GT/s"', '"0xffff"', '1e999', 'null', 'true', '"Yes"'],
  },
  {
    name: 'parseSystemProfilerPciText',
    parse: parseSystemProfilerPciText,
    value: z.array(pciDeviceSchema()),
    fixtures: 'system-profiler-pci',
    tokens: ['PCI:', '    NVIDIA:', '      Slot:', 'Thunderbolt@3,0,0', 'Vendor ID:', '0x10de', 'Link Width:', 'x4', 'Link Speed:',
      '99.9 GT/s', 'Link Status:', 'Link down', '\n', ' '],
  },
  {
    name: 'parseSystemProfilerThunderboltJson',
    parse: parseSystemProfilerThunderboltJson,
    value: z.array(
      z.object({
        bus: z.string(),
        receptacle: z.string().nullable(),
        connected: z.boolean(),
        speedGbps: nullableAmount,
        deviceName: z.string().nullable(),
        vendorName: z.string().nullable(),
        mode: z.string().nullable(),
      }),
    ),
    fixtures: 'system-profiler-thunderbolt',
    tokens: ['{', '}', '[', ']', ',', ':', '"SPThunderboltDataType"', '"_items"', '"receptacle_1_tag"', '"current_speed_key"',
      '"80 Gb/s"', '"Up to 40 Gb/s"', '"receptacle_connected"', 'null', '1'],
  },
  {
    name: 'parseNvidiaSmi',
    parse: parseNvidiaSmi,
    value: z.array(
      z.object({
        index: z.number().int().nonnegative(),
        name: z.string(),
        memoryTotalMiB: nullableAmount,
        memoryUsedMiB: nullableAmount,
        utilizationPct: z.number().min(0).max(100).nullable(),
        pcieGenCurrent: nullableCount,
        pcieWidthCurrent: nullableCount,
        pcieGenMax: nullableCount,
        pcieWidthMax: nullableCount,
      }),
    ),
    fixtures: 'nvidia-smi',
    tokens: ['0', ', ', 'index', 'name', 'memory.total [MiB]', '[N/A]', '[Not Supported]', '24564 MiB', '98 %', '1'.repeat(30), '\n'],
  },
  {
    name: 'parseIoregTinygpu',
    parse: parseIoregTinygpu,
    value: z.object({ bound: z.boolean() }),
    fixtures: 'ioreg',
    tokens: ['+-o', 'tinygpu', '<class', 'IOUserService,', '|', '{', '}', '"IOClass" =', '\n', '  '],
  },
  {
    name: 'parseTinygpuServerProcesses',
    parse: parseTinygpuServerProcesses,
    value: z.object({ running: z.boolean(), socketPaths: z.array(z.string().min(1)) }),
    fixtures: 'ps',
    tokens: ['4242', '/Applications/TinyGPU.app/Contents/MacOS/TinyGPU', 'TinyGPU', 'server', '/tmp/tinygpu.sock', '\n', ' '],
  },
  {
    name: 'parseOllamaPs',
    parse: parseOllamaPs,
    value: z.object({
      models: z.array(z.object({ name: z.string(), sizeBytes: z.number().nonnegative(), sizeVramBytes: z.number().nonnegative() })),
    }),
    fixtures: 'ollama-ps',
    tokens: ['{', '}', '[', ']', ',', ':', '"models"', '"name"', '"size"', '"size_vram"', '"a"', '-1', '1e999', 'null', '"error"'],
  },
];

function pciDeviceSchema() {
  return z.object({
    name: z.string(),
    vendorId: z.string().regex(/^0x[0-9a-f]+$/).nullable(),
    deviceId: z.string().regex(/^0x[0-9a-f]+$/).nullable(),
    slot: z.string().nullable(),
    thunderbolt: z.boolean(),
    linkWidth: nullableCount,
    linkSpeedGTs: nullableAmount,
    pcieGen: nullableCount,
    linkUp: z.boolean().nullable(),
    driverInstalled: z.boolean().nullable(),
    deviceType: z.string().nullable(),
  });
}

function expectWellFormed(parser: ParserUnderTest, input: string): void {
  let result: ParseResult<unknown>;
  try {
    result = parser.parse(input);
  } catch (error) {
    throw new Error(`${parser.name} threw on ${JSON.stringify(input)}: ${String(error)}`, { cause: error });
  }
  if (result.ok) {
    expect(Array.isArray(result.warnings)).toBe(true);
    for (const warning of result.warnings) expect(typeof warning).toBe('string');
    const checked = parser.value.safeParse(result.value);
    if (!checked.success) {
      throw new Error(`${parser.name} returned a malformed value for ${JSON.stringify(input)}: ${checked.error.message}`);
    }
  } else {
    expect(result.error.kind).toBe('parse');
    expect(result.error.message.trim()).not.toBe('');
    expect(result.error.message).not.toMatch(/[\r\n]/);
    if (result.error.line !== undefined) expect(Number.isInteger(result.error.line) && result.error.line > 0).toBe(true);
  }
}

// ---- Mutations of real fixtures ------------------------------------------------------------------

type Mutation =
  | { kind: 'drop' | 'duplicate' | 'truncate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'shuffle'; seed: number }
  | { kind: 'crlf' }
  | { kind: 'replace' | 'insert'; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('crlf' as const) }),
  fc.record({
    kind: fc.constantFrom('replace' as const, 'insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\r', ':', '\t', '"', '{', '[', '0')),
  }),
);

function applyMutation(text: string, mutation: Mutation): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const pick = (n: number) => (lines.length === 0 ? 0 : n % lines.length);
  switch (mutation.kind) {
    case 'drop':
      lines.splice(pick(mutation.at), 1);
      return lines.join(eol);
    case 'duplicate':
      lines.splice(pick(mutation.at), 0, lines[pick(mutation.at)] ?? '');
      return lines.join(eol);
    case 'swap': {
      const [a, b] = [pick(mutation.a), pick(mutation.b)];
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join(eol);
    }
    case 'shuffle': {
      let seed = mutation.seed;
      for (let i = lines.length - 1; i > 0; i -= 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const j = seed % (i + 1);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      }
      return lines.join(eol);
    }
    case 'truncate':
      return text.slice(0, mutation.at % (text.length + 1));
    case 'crlf':
      return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
    case 'replace': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at + mutation.text.length);
    }
    case 'insert': {
      const at = mutation.at % (text.length + 1);
      return text.slice(0, at) + mutation.text + text.slice(at);
    }
  }
}

describe.each(PARSERS)('$name', (parser) => {
  const fixtures = probeFixtureFiles(parser.fixtures).map((file) => probeFixture(parser.fixtures, file));

  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (input) => expectWellFormed(parser, input)), { numRuns: NUM_RUNS });
  });

  it('never throws on random unicode', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => expectWellFormed(parser, input)), {
      numRuns: NUM_RUNS,
    });
  });

  it('never throws on text made of its own tokens', () => {
    const line = fc.array(fc.constantFrom(...parser.tokens), { maxLength: 10 }).map((parts) => parts.join(''));
    const soup = fc.array(line, { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(fc.property(soup, (input) => expectWellFormed(parser, input)), { numRuns: NUM_RUNS });
  });

  it('never throws on mutated real fixtures', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...fixtures), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
      .map(([text, mutations]) => mutations.reduce(applyMutation, text));
    fc.assert(fc.property(mutated, (input) => expectWellFormed(parser, input)), { numRuns: NUM_RUNS });
  });
});

describe('nvidiaSmiToDevice', () => {
  it('builds a valid device from any GPU row the parser accepts', () => {
    const rows = fc
      .tuple(fc.constantFrom(...probeFixtureFiles('nvidia-smi').map((file) => probeFixture('nvidia-smi', file))), fc.array(mutationArb, { maxLength: 4 }))
      .map(([text, mutations]) => mutations.reduce(applyMutation, text));
    fc.assert(
      fc.property(rows, (input) => {
        const result = parseNvidiaSmi(input);
        if (!result.ok) return;
        for (const gpu of result.value) expect(DeviceSchema.safeParse(nvidiaSmiToDevice(gpu)).success).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
