import { describe, expect, it } from 'vitest';
import { buildMenu, firstPath, selectedKey } from './build-menu.ts';

const keys = (perms: string[]) => buildMenu(perms).flatMap((g) => g.items.filter((i) => !i.comingSoon).map((i) => i.key));

describe('buildMenu', () => {
  it('shows every module to an administrator', () => {
    const all = ['registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.stats', 'orgs.read', 'orgs.write', 'users.manage', 'audit.read'];
    expect(keys(all)).toEqual(['dashboard', 'registry', 'imports', 'orgs', 'users', 'audit']);
  });

  it('gives a regulator the registry, imports, orgs and audit but not user management', () => {
    const regulator = ['registry.read', 'registry.write', 'registry.import', 'registry.export', 'registry.stats', 'orgs.read', 'audit.read'];
    expect(keys(regulator)).toEqual(['dashboard', 'registry', 'imports', 'orgs', 'audit']);
  });

  it('shows org management with only orgs.write', () => {
    expect(keys(['orgs.write'])).toEqual(['orgs']);
  });

  it('leaves out a group with no visible module', () => {
    const groups = buildMenu(['registry.read']).map((g) => g.key);
    expect(groups).toEqual(['registry', 'coming']);
  });

  it('always lists the coming modules, marked as coming soon', () => {
    const coming = buildMenu([]).find((g) => g.key === 'coming')!;
    expect(coming.items.map((i) => i.key)).toEqual(['iot', 'emergency', 'inspection', 'maintenance', 'renovation', 'complaints']);
    expect(coming.items.every((i) => i.comingSoon)).toBe(true);
    expect(keys([])).toEqual([]);
  });

  it('sends a rescuer without statistics to the registry first', () => {
    expect(firstPath(buildMenu(['registry.read']))).toBe('/elevators');
    expect(firstPath(buildMenu([]))).toBeUndefined();
  });

  it('selects the module of nested pages', () => {
    const menu = buildMenu(['registry.read', 'registry.stats']);
    expect(selectedKey(menu, '/')).toBe('dashboard');
    expect(selectedKey(menu, '/elevators/31103506002016053337')).toBe('registry');
    expect(selectedKey(menu, '/nowhere')).toBeUndefined();
  });
});
