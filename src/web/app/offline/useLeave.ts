import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSignOut } from '../../features/session/session.ts';
import { leaveDevice } from './device.ts';

/** Sign-out from this device: push withdrawn and offline data cleared first, then the session ends. */
export function useLeaveAndSignOut() {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  return {
    isPending: leaving || signOut.isPending,
    run: () => {
      setLeaving(true);
      void leaveDevice().finally(() => {
        setLeaving(false);
        signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in') });
      });
    },
  };
}
