// The bench runner's options: --json [FILE] anywhere, and the quick set CI runs.
import { describe, expect, it } from 'vitest';
import { jsonOption, QUICK } from '../../bench/run';

describe('bench runner', () => {
  it('takes --json with or without a file, anywhere', () => {
    expect(jsonOption(['all', '--json', 'out.json'])).toEqual({ file: 'out.json', rest: ['all'] });
    expect(jsonOption(['--json', 'all'])).toEqual({ file: 'bench-figures.json', rest: ['all'] });
    expect(jsonOption(['--json', 'quick'])).toEqual({ file: 'bench-figures.json', rest: ['quick'] });
    expect(jsonOption(['all', '--json'])).toEqual({ file: 'bench-figures.json', rest: ['all'] });
    expect(jsonOption(['journey', '--json', '--runs', '5'])).toEqual({ file: 'bench-figures.json', rest: ['journey', '--runs', '5'] });
    expect(jsonOption(['till', '--rows', '10'])).toEqual({ file: null, rest: ['till', '--rows', '10'] });
  });

  it('runs every area in quick mode, each with a smaller size', () => {
    expect(Object.keys(QUICK).sort()).toEqual(['day', 'idcard', 'journey', 'printer', 'startup', 'till']);
    for (const args of Object.values(QUICK)) expect(args.length).toBeGreaterThan(0);
  });
});
