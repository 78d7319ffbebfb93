import { Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { RowProblem } from '../../api/types.ts';
import { useRegistryMeta } from '../../components/use-reference.ts';
import { t } from '../../i18n.ts';
import './row-problems-table.css';

/** "所在区划代码：…" — the column's Chinese name, unless the message already starts with it. */
export function problemText(label: string, message: string): { label?: string; message: string } {
  return message.startsWith(label) ? { message } : { label, message };
}

/** Rows of an import with their field problems (line numbers as in the file). */
export function RowProblemsTable({ rows, testId }: { rows: RowProblem[]; testId?: string }) {
  const meta = useRegistryMeta();
  const labels = useMemo(() => new Map((meta?.importFields ?? []).map((f) => [f.key, f.zh])), [meta]);

  const columns: TableColumnsType<RowProblem> = [
    { key: 'line', title: t('web.imports.line'), dataIndex: 'line', width: 80 },
    { key: 'registrationCode', title: t('web.imports.registrationCode'), dataIndex: 'registrationCode', width: 200 },
    {
      key: 'problems',
      title: t('web.imports.problems'),
      render: (_: unknown, row) => (
        <ul className="ls-row-problems">
          {row.errors.map((e, i) => {
            const p = problemText(labels.get(e.field) ?? e.field, e.message);
            return (
              <li key={i} data-field={e.field}>
                {p.label && <Typography.Text strong>{`${p.label}：`}</Typography.Text>}
                {p.message}
              </li>
            );
          })}
        </ul>
      ),
    },
  ];

  return (
    <Table<RowProblem>
      data-testid={testId}
      rowKey={(r) => `${r.line}-${r.registrationCode ?? ''}`}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
    />
  );
}
