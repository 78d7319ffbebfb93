import { Tag } from 'antd';
import { enumLabel } from '../../i18n.ts';
import { GRADE_TAG, gradeLabel, type InputLabels } from './risk-logic.ts';
import { useRegistryMeta } from '../../components/use-reference.ts';

/** 1 级 低 … 4 级 高, coloured green → red. */
export const GradeTag = ({ grade }: { grade: number | null }) =>
  grade === null ? null : (
    <Tag color={GRADE_TAG[grade] ?? 'default'} data-grade={grade}>
      {gradeLabel(grade)}
    </Tag>
  );

/** Names for factor inputs and list columns: categories from the registry's reference data, place types and conclusions from the locale. */
export function useInputLabels(): InputLabels {
  const meta = useRegistryMeta();
  return {
    category: (code) => meta?.categories.find((c) => c.code === code)?.name ?? code,
    place: (code) => enumLabel('placeType', code),
    conclusion: (code) => enumLabel('conclusion', code),
  };
}
