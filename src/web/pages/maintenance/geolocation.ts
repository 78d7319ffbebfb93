import type { Place } from '../../api/maintenance.types.ts';

/** The phone's position once, or the reason it is not available (denied, unsupported, timeout). */
export function currentPosition(timeoutMs = 15_000): Promise<Place> {
  return new Promise((resolve, reject) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: round6(p.coords.latitude), lon: round6(p.coords.longitude) }),
      (e) => reject(new Error(e.message || `code ${e.code}`)),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
