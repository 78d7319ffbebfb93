import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { IncidentAction, IncidentDetail } from '../../api/emergency.types.ts';
import { ACTIONS } from '../../api/emergency.types.ts';
import { t } from '../../i18n.ts';
import { IncidentActionModal } from './incident-action-modal.tsx';
import { actionLabel } from './timeline.ts';

/** The step forward from each state gets the primary button; cancelling and declining are red. */
const PRIMARY: ReadonlySet<IncidentAction> = new Set(['dispatch', 'accept', 'depart', 'arrive', 'rescue', 'close']);

/** The buttons of what this user may do now (the server's `allowedActions`), each opening its form. */
export function IncidentActions({ incident, onDone, large = false }: { incident: IncidentDetail; onDone: (d: IncidentDetail) => void; large?: boolean }) {
  const [action, setAction] = useState<IncidentAction>();
  const allowed = ACTIONS.filter((a) => incident.allowedActions.includes(a));
  // Dispatching again once someone is called out sends the call to the next tier: 升级派单.
  const escalation = incident.status !== 'received';
  // One primary: the first forward step allowed (a dispatcher may both dispatch and cancel, say).
  const primary = allowed.find((a) => PRIMARY.has(a) && !(a === 'dispatch' && escalation));
  if (!allowed.length) return <Typography.Text type="secondary">{t('web.emergency.drawer.noActions')}</Typography.Text>;
  return (
    <>
      <Space wrap size={large ? 12 : 8} className={large ? 'ls-task-actions' : undefined} data-testid="incident-actions">
        {allowed.map((a) => (
          <Button
            key={a}
            size={large ? 'large' : 'middle'}
            type={a === primary ? 'primary' : 'default'}
            danger={a === 'cancel' || a === 'decline'}
            onClick={() => setAction(a)}
            data-action={a}
          >
            {actionLabel(a, escalation)}
          </Button>
        ))}
      </Space>
      <IncidentActionModal incident={incident} action={action} onClose={() => setAction(undefined)} onDone={onDone} />
    </>
  );
}
