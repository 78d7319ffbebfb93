import { createContext, useContext } from 'react';
import type { Me, Permission } from '../api/types.ts';

export interface Session {
  me: Me;
  can: (permission: Permission) => boolean;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user; only inside the protected part of the app. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <RequireAuth>');
  return session;
}
