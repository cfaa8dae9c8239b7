import { allMongoMappings, allProjections, projectionNames } from './index.js';

describe('the list of projections', () => {
  it('has one MongoDB mapping per projection, in the same order', () => {
    expect(allMongoMappings.map((m) => m.projection)).toEqual(projectionNames);
    expect(allMongoMappings).toHaveLength(allProjections.length);
  });
});
