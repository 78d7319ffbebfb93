import fs from 'node:fs';
import type { ProtocolAdapter } from './adapter.ts';

/**
 * Every `*.adapter.ts` in this folder, by protocol name. A new vendor is one new file; nothing else changes.
 */
export class AdapterRegistry {
  private byProtocol = new Map<string, ProtocolAdapter>();
  constructor(adapters: ProtocolAdapter[]) {
    for (const a of adapters) this.byProtocol.set(a.protocol, a);
  }
  get(protocol: string): ProtocolAdapter | undefined {
    return this.byProtocol.get(protocol);
  }
  get protocols(): string[] {
    return [...this.byProtocol.keys()];
  }
  all(): ProtocolAdapter[] {
    return [...this.byProtocol.values()];
  }
  /** The adapter whose uplink this topic is, and the device it names. */
  route(topic: string): { adapter: ProtocolAdapter; deviceId: string } | null {
    for (const adapter of this.byProtocol.values()) {
      const deviceId = adapter.deviceOf(topic);
      if (deviceId) return { adapter, deviceId };
    }
    return null;
  }
}

let loaded: Promise<AdapterRegistry> | undefined;

export function loadAdapters(): Promise<AdapterRegistry> {
  loaded ??= (async () => {
    const files = fs.readdirSync(import.meta.dirname).filter((f) => /\.adapter\.(ts|js)$/.test(f)).sort();
    const adapters: ProtocolAdapter[] = [];
    for (const f of files) {
      const mod = (await import(new URL(f, import.meta.url).href)) as { adapter: ProtocolAdapter };
      adapters.push(mod.adapter);
    }
    return new AdapterRegistry(adapters);
  })();
  return loaded;
}
