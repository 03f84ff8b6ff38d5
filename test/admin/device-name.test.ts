import { describe, expect, it } from 'vitest';
import { deviceLabel, deviceNameFromForm } from '../../src/admin/device-name.js';

describe('device names', () => {
  it('names a device by its name, else "Tablet N" by its number', () => {
    expect(deviceLabel({ deviceId: 'd1', deviceNumber: 3, name: 'Bar left' })).toBe('Bar left');
    expect(deviceLabel({ deviceId: 'd1', deviceNumber: 3, name: null })).toBe('Tablet 3');
    expect(deviceLabel({ deviceId: 'd1', deviceNumber: 3 })).toBe('Tablet 3');
    expect(deviceLabel({ deviceId: 'd1', deviceNumber: null })).toBe('Tablet d1');
  });

  it('sends the name trimmed, and null for an empty one (the device is "Tablet N" again)', () => {
    expect(deviceNameFromForm('  Bar left ')).toEqual({ name: 'Bar left' });
    expect(deviceNameFromForm('   ')).toEqual({ name: null });
    expect(deviceNameFromForm('x'.repeat(40))).toEqual({ name: 'x'.repeat(40) });
  });

  it('refuses a name past 40 characters, never cuts it', () => {
    const result = deviceNameFromForm('x'.repeat(45));
    expect('error' in result && result.error()).toBe('Name: 40 characters at most (this one has 45)');
  });
});
