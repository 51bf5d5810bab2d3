// The issue-ready report: Markdown with the versions, every check and its evidence, the matched
// failure and the last 40 lines of the compute check and of the driver log — redacted before it is
// shown, copied or saved. The upstream link carries a title only; the user pastes the report.
import type { DoctorCheck, DoctorResult } from '../api/doctor';
import { CHECK_STATUS_WORDS, VERDICT_WORDS } from '../api/present-doctor';
import { firstLineOf, okStdout, type DoctorProbe } from './probe-input';
import { redact, type RedactionSecrets } from './redact';

export const UPSTREAM_NEW_ISSUE = 'https://github.com/tinygrad/tinygrad/issues/new';
const LAST_LINES = 40;

export interface ReportInput {
  result: DoctorResult;
  probe: DoctorProbe | null;
  computeTail: string[];
  driverLog: string[];
  appVersion: string;
}

function versions(input: ReportInput): string[] {
  const p = input.probe;
  const tinygrad = p?.toolchain.tinygrad ? firstLineOf(okStdout(p.toolchain.tinygrad)) : null;
  const driverRow = input.result.checks.find((c) => c.id === 'driver')?.evidence.find((e) => e.includes('['));
  return [
    `| macOS | ${firstLineOf(okStdout(p?.mac.productVersion ?? null)) ?? 'unknown'} |`,
    `| Chip | ${firstLineOf(okStdout(p?.mac.chip ?? null)) ?? 'unknown'} (${firstLineOf(okStdout(p?.mac.model ?? null)) ?? 'model unknown'}) |`,
    `| TinyGPU | ${p?.appVersion ?? driverRow ?? 'unknown'} |`,
    `| tinygrad | ${tinygrad ?? 'unknown'} |`,
    `| eGPU Companion | ${input.appVersion} |`,
  ];
}

function checkLines(check: DoctorCheck): string[] {
  return [
    `- **${CHECK_STATUS_WORDS[check.status]}** ${check.title}: ${check.detail}`,
    ...check.evidence.map((e) => `  - \`${e.replace(/`/g, "'")}\``),
    ...(check.next ? [`  - Next: ${check.next}`] : []),
  ];
}

function block(lines: readonly string[]): string[] {
  return lines.length === 0 ? ['(nothing)'] : ['```text', ...lines.slice(-LAST_LINES).map((l) => l.replace(/```/g, "'''")), '```'];
}

export function buildReport(input: ReportInput, secrets: RedactionSecrets): { markdown: string; issueUrl: string } {
  const { result } = input;
  const failure = result.failure;
  const lines = [
    '## eGPU check report',
    '',
    `**${VERDICT_WORDS[result.verdict]}**${failure ? ` — ${failure.title}` : ''} (checked ${new Date(result.at).toISOString()})`,
    '',
    '| | Version |',
    '|---|---|',
    ...versions(input),
    '',
    '### Checks',
    ...result.checks.flatMap(checkLines),
    '',
    '### Matched failure',
    ...(failure
      ? [`${failure.title} (\`${failure.id}\`)`, ...(failure.cause ? ['', failure.cause] : []), '', `Next: ${failure.next}`, ...(failure.source ? [`Source: ${failure.source}`] : [])]
      : ['None']),
    ...(result.advice.length > 0 ? ['', '### Advice', ...result.advice.map((a) => `- ${a}`)] : []),
    ...(result.copy ? ['', `Copy rates: ${result.copy.hostToDeviceGBps.toFixed(2)} GB/s host→device, ${result.copy.deviceToHostGBps.toFixed(2)} GB/s device→host`] : []),
    '',
    `### Compute check, last ${LAST_LINES} lines`,
    ...block(input.computeTail),
    '',
    `### Driver log, last ${LAST_LINES} lines`,
    ...block(input.driverLog),
    '',
  ];
  const markdown = redact(lines.join('\n'), secrets);
  const card = result.checks.find((c) => c.id === 'card' && c.status !== 'fail')?.detail.split(' (')[0];
  const title = redact(`TinyGPU: ${failure?.title ?? VERDICT_WORDS[result.verdict]}${card ? ` (${card})` : ''}`, secrets);
  return { markdown, issueUrl: `${UPSTREAM_NEW_ISSUE}?title=${encodeURIComponent(title)}` };
}
