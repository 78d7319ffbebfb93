import { useEffect, useState } from 'react';
import { getRegistryMeta, listRegions } from '../api/reference.api.ts';
import type { Region, RegistryMeta } from '../api/types.ts';

/** Reference data changes rarely: fetched once per page load and shared. */
function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= load().catch((e: unknown) => {
      promise = undefined;
      throw e;
    });
    return promise;
  };
}

const regions = cached(() => listRegions().then((r) => r.items));
const meta = cached(getRegistryMeta);

function useCached<T>(get: () => Promise<T>): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let live = true;
    get().then(
      (v) => live && setValue(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [get]);
  return value;
}

export function useRegions(): Region[] | undefined {
  return useCached(regions);
}

export function useRegistryMeta(): RegistryMeta | undefined {
  return useCached(meta);
}
