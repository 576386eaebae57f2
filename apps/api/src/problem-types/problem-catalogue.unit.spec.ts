import { errorCatalogue } from '@app/domain';
import { catalogue, problemSlug, problemTypes } from './problem-catalogue';

describe('the problem catalogue', () => {
  it('holds every domain error code and gives each code its own type URI', () => {
    expect(catalogue.map((type) => type.code)).toEqual(expect.arrayContaining(Object.keys(errorCatalogue)));
    // Two codes with one slug would share a page: the map by slug would hold fewer entries than there are codes.
    expect(problemTypes.size).toBe(catalogue.length);
    expect(problemSlug('RELATIONSHIP.ALREADY_ACTIVE')).toBe('relationship-already-active');
  });
});
