import type { ProjectionStatus } from '@peps/read-store';
import { projectionHealthDetail } from './projections-runtime.module.js';

describe('projection health detail', () => {
  const status: ProjectionStatus = { name: 'letters', version: 1, state: 'active', checkpoint: '12:3', lag: 0, skippedEvents: 2, failingEvents: 0 };

  it('points to the SQL table on SQL', () => {
    expect(projectionHealthDetail(status, 'sql')).toBe('active, position 12:3, 2 événement(s) ignoré(s) : voir read.projection_failures');
  });

  it('names no SQL table on MongoDB', () => {
    const detail = projectionHealthDetail(status, 'mongodb');
    expect(detail).toBe('active, position 12:3, 2 événement(s) ignoré(s) : voir la collection MongoDB projection_failures');
    expect(detail).not.toMatch(/read\./);
  });

  it('says nothing of failures when none was skipped', () => {
    expect(projectionHealthDetail({ ...status, skippedEvents: 0 }, 'mongodb')).toBe('active, position 12:3');
  });
});
