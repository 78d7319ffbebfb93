import { makeUscc } from '../../src/modules/orgs/uscc.ts';
import type { City, County } from './cities.ts';
import { mobilePhone, personName } from './names.ts';
import type { Rng } from './random.ts';

/** What the demo creates for each organisation; `key` is stable for a seed and names the org's role in the demo. */
export interface DemoOrg {
  key: string;
  name: string;
  creditCode: string;
  type:
    | 'use_unit'
    | 'maintenance'
    | 'manufacturer'
    | 'inspection'
    | 'regulator'
    | 'emergency_center'
    | 'rescue_station'
    | 'fire_service'
    | 'street_office'
    | 'education'
    | 'housing'
    | 'transport'
    | 'insurer';
  regionCode: string;
  hotline?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  /** Where a rescue station or fire service is (WGS-84): tiers 2 and 3 are dispatched to the nearest one. */
  lon?: number;
  lat?: number;
}

/** GB 32100 registration authority + organisation type: 11 government body, 12 public institution, 91 company. */
export type LegalForm = '11' | '12' | '91';

/** The 9-character organisation-code body of a credit code uses the USCC alphabet (no I, O, S, V, Z). */
const BODY_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Creates organisations with unique names, credit codes and phone numbers. Uniqueness is enforced here, once,
 * so that the group builders can draw names freely.
 */
export class OrgFactory {
  readonly orgs: DemoOrg[] = [];
  private readonly names = new Set<string>();
  private readonly codes = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A name from `draw` not used before; after many collisions a distinguishing number is appended. */
  uniqueName(draw: () => string): string {
    for (let i = 0; i < 40; i++) {
      const name = draw();
      if (!this.names.has(name)) return name;
    }
    const base = draw();
    for (let n = 2; ; n++) if (!this.names.has(`${base}${n}`)) return `${base}${n}`;
  }

  creditCode(region: string, form: LegalForm): string {
    for (;;) {
      const code = makeUscc(region, this.rng.chars(BODY_ALPHABET, 9), form[0], form[1]);
      if (!this.codes.has(code)) {
        this.codes.add(code);
        return code;
      }
    }
  }

  /** A phone number from `draw` not handed out before (hotlines must identify one company). */
  uniquePhone(draw: () => string): string {
    for (;;) {
      const phone = draw();
      if (!this.phones.has(phone)) {
        this.phones.add(phone);
        return phone;
      }
    }
  }

  /** A 24-hour duty line: a local number (0531-8xxxxxxx) or, for some firms, a national 400 number. */
  hotline(city: City, national400 = this.rng.chance(0.2)): string {
    return this.uniquePhone(() =>
      national400 ? `400-${this.rng.pick('6891')}${this.rng.chars('0123456789', 2)}-${this.rng.chars('0123456789', 4)}` : `${city.areaCode}-8${this.rng.chars('0123456789', 7)}`,
    );
  }

  streetAddress(city: City, county: County): string {
    return `山东省${city.name}${county.name}${this.rng.pick(city.roads)}${this.rng.int(1, 399)}号`;
  }

  add(
    org: Omit<DemoOrg, 'creditCode' | 'contactName' | 'contactPhone'> & { form: LegalForm; codeRegion?: string },
  ): DemoOrg {
    const { form, codeRegion, ...rest } = org;
    if (this.names.has(rest.name)) throw new Error(`Duplicate demo organisation name ${rest.name}`);
    this.names.add(rest.name);
    const created: DemoOrg = {
      ...rest,
      creditCode: this.creditCode(codeRegion ?? rest.regionCode, form),
      contactName: personName(this.rng),
      contactPhone: this.uniquePhone(() => mobilePhone(this.rng)),
    };
    this.orgs.push(created);
    return created;
  }
}
