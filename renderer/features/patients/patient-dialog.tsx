import { Modal } from '../../ui/modal';
import { useWorkspace } from '../workspace/desk';
import { PatientProfile } from './patient-profile';

export function PatientDialog({ id }: { id: string }) {
  const close = useWorkspace((s) => s.close);
  return (
    <Modal title="Patient" onClose={close} wide>
      <PatientProfile id={id} />
    </Modal>
  );
}
