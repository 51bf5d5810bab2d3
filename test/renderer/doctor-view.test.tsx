// The Doctor view against a fake CompanionApi: checks fill in as doctorStatus arrives, the compute check
// and the report go through the contract, and a failed action is shown, not swallowed.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorCheck, DoctorResult, DoctorStatus } from '../../src/core/api/doctor';
import { expectedLoadLine, ageText } from '../../src/core/api/present-doctor';
import { bindDoctor, useDoctor } from '../../src/renderer/src/doctor-store';
import { DoctorView } from '../../src/renderer/src/views/DoctorView';
import { createFakeApi, type FakeApi } from '../fakes/fake-api';

const check = (id: DoctorCheck['id'], status: DoctorCheck['status'], detail = `${id} detail`): DoctorCheck => ({ id, status, title: `${id} title`, detail, next: status === 'fail' ? `fix ${id}` : null, evidence: [`${id} evidence`] });
const base: DoctorStatus = { running: false, computeRunning: false, checks: [], last: null, lastCompute: null, computeTimeoutSec: 120 };
const result = (checks: DoctorCheck[], failure: DoctorResult['failure'] = null): DoctorResult => ({
  at: 1, verdict: failure ? 'broken' : 'works', checks, failure, copy: null, firstKernelSec: null, deviceKey: null, deviceName: null, advice: [],
});

let fake: FakeApi;
let unbind: () => void;
let clipboard: string[];

beforeEach(() => {
  clipboard = [];
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (t: string) => void clipboard.push(t) }, configurable: true });
  useDoctor.setState({ status: null, error: null, note: null });
  window.location.hash = '#/doctor';
  fake = createFakeApi({
    getDoctor: () => ({ ...base, last: result([check('mac', 'pass')]) }),
    runDoctor: () => result([]),
    getDoctorReport: () => ({ markdown: '## eGPU check report', issueUrl: 'https://github.com/tinygrad/tinygrad/issues/new?title=x' }),
    openExternal: () => ({ opened: true }),
    cancelDoctor: () => ({ ok: true }),
  });
  unbind = bindDoctor(fake.api);
});
afterEach(() => {
  cleanup();
  unbind();
});

describe('the Doctor view', () => {
  it('fills the checks in as the core reports them', async () => {
    render(<DoctorView />);
    await act(async () => fake.emit('doctorStatus', { ...base, running: true, checks: [check('mac', 'pass'), check('driver', 'warn')] }));
    expect(screen.getByTestId('check-mac').getAttribute('data-status')).toBe('pass');
    expect(screen.getByTestId('check-driver').textContent).toContain('driver detail');
    expect(screen.getByTestId('check-card').getAttribute('data-status')).toBeNull();
    expect(screen.getByTestId('doctor-verdict').textContent).toBe('Checking…');
    const failure = { id: 'nv-arch-garbage', title: 'Garbage', next: 'Power-cycle', source: 'https://github.com/tinygrad/tinygrad/issues/15652', cause: 'Reads return garbage.' };
    await act(async () => fake.emit('doctorStatus', { ...base, last: result([check('mac', 'pass'), check('compute', 'fail')], failure) }));
    expect(screen.getByTestId('doctor-verdict').textContent).toBe('The eGPU does not work: Garbage');
    expect(screen.getByTestId('doctor-failure').textContent).toContain('Reported in tinygrad/tinygrad/issues/15652');
    expect(screen.getByTestId('check-compute').textContent).toContain('Next: fix compute');
  });

  it('runs the compute check, copies the report and opens the tracker through the contract', async () => {
    render(<DoctorView />);
    await act(async () => fireEvent.click(await screen.findByTestId('doctor-compute')));
    expect(fake.calls.find((c) => c.command === 'runDoctor')?.input).toEqual({ compute: true });
    await act(async () => fireEvent.click(screen.getByTestId('doctor-copy-report')));
    expect(clipboard).toEqual(['## eGPU check report']);
    expect(screen.getByText('Report copied')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Open an upstream issue' })));
    expect(fake.calls.find((c) => c.command === 'openExternal')?.input).toEqual({ url: 'https://github.com/tinygrad/tinygrad/issues/new?title=x' });
  });

  it('shows a failed action instead of swallowing it', async () => {
    fake = createFakeApi({ getDoctor: () => ({ ...base, last: result([]) }) });
    unbind();
    unbind = bindDoctor(fake.api);
    render(<DoctorView />);
    await act(async () => fireEvent.click(await screen.findByTestId('doctor-copy-report')));
    expect(screen.getByRole('alert').textContent).toContain('getDoctorReport is not faked');
  });
});

describe('the doctor words', () => {
  it('tells the age of a check', () => {
    expect(ageText(0, 30_000)).toBe('just now');
    expect(ageText(0, 3 * 60_000)).toBe('3 min ago');
    expect(ageText(0, 5 * 3_600_000)).toBe('5 h ago');
  });
  it('estimates a load time from the measured rate, or marks the link\'s typical one', () => {
    expect(expectedLoadLine('llama3.1:8b', 3.0, null)).toBe('about 2 s to load (measured link rate), about 4.8 GB of 4-bit weights');
    expect(expectedLoadLine('qwen3:30b-a3b', null, { kind: 'usb3', name: 'USB 3' })).toBe('about 64 s to load (typical for USB 3), about 18.0 GB of 4-bit weights');
    expect(expectedLoadLine('qwen3:30b-a3b', 0.1, null)).toBe('about 3 min to load (measured link rate), about 18.0 GB of 4-bit weights');
    expect(expectedLoadLine('qwen3:8b', null, { kind: 'unknown', name: 'unknown' })).toBeNull();
  });
});
