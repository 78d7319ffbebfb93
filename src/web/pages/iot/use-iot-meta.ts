import { useEffect, useState } from 'react';
import { getIotMeta } from '../../api/iot.api.ts';
import type { IotMeta } from '../../api/iot.types.ts';
import { enumLabel, enumOptions } from '../../i18n.ts';

let cached: Promise<IotMeta> | undefined;

/** GET /api/iot/meta once per page load (protocols change only with a release). */
export function useIotMeta(): IotMeta | undefined {
  const [meta, setMeta] = useState<IotMeta>();
  useEffect(() => {
    let live = true;
    cached ??= getIotMeta().catch((e: unknown) => {
      cached = undefined;
      throw e;
    });
    cached.then(
      (m) => live && setMeta(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return meta;
}

/** Protocol choices: the server's list when loaded (a new adapter appears without a web release), else ours. */
export function protocolOptions(meta: IotMeta | undefined): { value: string; label: string }[] {
  if (meta?.protocols.length) return meta.protocols.map((p) => ({ value: p.code, label: p.label || enumLabel('protocol', p.code) }));
  return enumOptions('protocol');
}

/** A protocol code's label. */
export function protocolLabel(meta: IotMeta | undefined, code: string): string {
  return meta?.protocols.find((p) => p.code === code)?.label || enumLabel('protocol', code);
}
