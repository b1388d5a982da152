import { SearchBuilderError } from '../traceql/builder';
import {
  defaultValueType,
  newFilter,
  normalizeValues,
  queryWithoutField,
  queryWithoutFilter,
  scopedTagName,
  tagNamesOfScope,
  tryBuildTraceQL,
  valueTypeOf,
  withOperator,
} from './searchBuilderState';
import { TAG_NAMES } from './testSupport';

describe('searchBuilderState', () => {
  it('returns builder errors as values', () => {
    expect(tryBuildTraceQL({ filters: [], status: 'error' })).toEqual({ query: '{ status = error }' });
    const { error } = tryBuildTraceQL({ filters: [], spanDuration: { min: 'soon' } });
    expect(error).toBeInstanceOf(SearchBuilderError);
    expect(error?.field).toBe('spanDuration');
  });

  it('builds the rest of the search without one field or filter, {} when the rest is invalid', () => {
    const builder = {
      serviceName: { operator: '=' as const, value: 'api' },
      status: 'error' as const,
      filters: [
        { id: 'f1', scope: 'span' as const, tag: 'x', operator: '=' as const, value: '1', valueType: 'int' as const },
      ],
    };
    expect(queryWithoutField(builder, 'serviceName')).toBe('{ status = error && span.x = 1 }');
    expect(queryWithoutFilter(builder, 'f1')).toBe('{ resource.service.name = "api" && status = error }');
    expect(queryWithoutField({ ...builder, traceDuration: { max: 'x' } }, 'serviceName')).toBe('{}');
  });

  it('keeps the first value when switching to a single-value operator', () => {
    expect(withOperator({ operator: '=~', value: ['a', 'b'] }, '=')).toEqual({ operator: '=', value: 'a' });
    expect(withOperator({ operator: '=', value: 'a' }, '!~')).toEqual({ operator: '!~', value: 'a' });
    expect(withOperator({ operator: '=', value: '' }, '=~')).toEqual({ operator: '=~', value: '' });
    expect(normalizeValues(['a', 'b'])).toEqual(['a', 'b']);
    expect(normalizeValues([])).toBe('');
  });

  it('numbers new filters after the highest id', () => {
    expect(newFilter([]).id).toBe('f1');
    expect(newFilter([newFilter([]), { ...newFilter([]), id: 'f7' }]).id).toBe('f8');
  });

  it('maps Tempo value types and intrinsic types to builder value types', () => {
    expect(
      ['int', 'float', 'boolean', 'bool', 'duration', 'keyword', 'string', 'weird', undefined].map(valueTypeOf)
    ).toEqual(['int', 'float', 'bool', 'bool', 'duration', 'keyword', 'string', 'string', 'string']);
    expect(defaultValueType('intrinsic', 'status')).toBe('keyword');
    expect(defaultValueType('intrinsic', 'duration')).toBe('duration');
    expect(defaultValueType('span', 'duration')).toBe('string');
  });

  it('lists tag names by scope and names them for the tag-values endpoint', () => {
    expect(tagNamesOfScope(TAG_NAMES, 'resource')).toEqual(['service.name', 'k8s.namespace.name']);
    expect(tagNamesOfScope(TAG_NAMES, 'unscoped')).toHaveLength(5);
    expect(tagNamesOfScope(TAG_NAMES, 'intrinsic')).toContain('traceDuration');
    const all = tagNamesOfScope(TAG_NAMES, 'all');
    expect(all.slice(0, 3)).toEqual(['span.http.method', 'span.http.status_code', 'span.a b']);
    expect(all).toEqual(expect.arrayContaining(['resource.service.name', 'status']));
    expect([scopedTagName('span', 'x'), scopedTagName('unscoped', 'x'), scopedTagName('intrinsic', 'name')]).toEqual([
      'span.x',
      '.x',
      'name',
    ]);
  });
});
