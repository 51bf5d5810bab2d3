// The popover's one way into the doctor: "Check the eGPU…", with the last compute check beside it.
import { DOCTOR_WORDS, computeStateText, measuredRateText } from '../../../core/api/present-doctor';
import { navigate } from '../router';
import { useUi } from '../store';
import '../views/doctor.css';

export function DoctorEntry() {
  const doctor = useUi((ui) => ui.state?.doctor);
  const hasDevice = useUi((ui) => (ui.state?.devices.length ?? 0) > 0);
  const line = hasDevice ? computeStateText(doctor, Date.now()) : null;
  const failed = doctor?.check ? !doctor.check.ok : false;
  return (
    <div className="doctor-entry" data-testid="doctor-entry">
      <span className={failed ? 'doctor-entry-failed' : 'muted'} data-testid="doctor-entry-state">
        {line ?? ''}
      </span>
      <button type="button" onClick={() => navigate('doctor')} data-testid="check-egpu">
        {DOCTOR_WORDS.action}
      </button>
    </div>
  );
}

/** "measured 3.1 GB/s host→device" on the device card, for the card the rate was measured on. */
export function MeasuredRate({ deviceIndex }: { deviceIndex: number }) {
  const measured = useUi((ui) => (deviceIndex === 0 ? (ui.state?.doctor?.measured ?? null) : null));
  if (!measured) return null;
  return (
    <div className="gpu-measured" data-testid="gpu-measured">
      {measuredRateText(measured.hostToDeviceGBps)}
    </div>
  );
}
