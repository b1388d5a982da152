/**
 * The repo's copies of the recorded Tempo answers and the reference data must stay byte for byte
 * what `../shared/` holds. On a clone without `../shared` (anyone else's machine) there is nothing
 * to compare against, and the copies alone are what the tests read.
 */
import fs from 'fs';
import path from 'path';

const REPO_FIXTURES = path.resolve(__dirname, 'fixtures');
const SHARED = path.resolve(__dirname, '../../shared');

/** The repo's copy of each shared folder. */
const COPIES: Array<[shared: string, copy: string]> = [
  [path.join(SHARED, 'fixtures'), REPO_FIXTURES],
  [path.join(SHARED, 'reference'), path.join(REPO_FIXTURES, 'reference')],
];

function filesUnder(dir: string, skip: Set<string> = new Set()): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !skip.has(path.join(dir, entry.name)))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full, skip).map((f) => path.join(entry.name, f)) : [entry.name];
    })
    .sort();
}

/** Folders inside tests/fixtures that are the repo's own (recordings of other servers, the reference copy). */
function ownFolders(copy: string): Set<string> {
  return new Set(
    fs
      .readdirSync(copy)
      .map((name) => path.join(copy, name))
      .filter(
        (full) => fs.statSync(full).isDirectory() && !fs.existsSync(path.join(SHARED, 'fixtures', path.basename(full)))
      )
  );
}

const sharedPresent = fs.existsSync(SHARED);

describe('tests/fixtures', () => {
  it('holds the recorded Tempo answers and the reference data', () => {
    expect(fs.existsSync(path.join(REPO_FIXTURES, 'README.md'))).toBe(true);
    expect(fs.existsSync(path.join(REPO_FIXTURES, 'tempo-2.8.2', 'v2-trace-by-id.pb'))).toBe(true);
    expect(fs.existsSync(path.join(REPO_FIXTURES, 'tempo-2.0.1', 'trace-by-id.pb'))).toBe(true);
    expect(fs.existsSync(path.join(REPO_FIXTURES, 'reference', 'README.md'))).toBe(true);
    expect(fs.existsSync(path.join(REPO_FIXTURES, 'reference', 'zipkin-lens', 'skew.json'))).toBe(true);
  });

  (sharedPresent ? describe : describe.skip)('against ../shared (where that folder exists)', () => {
    it.each(COPIES)('%s is copied byte for byte', (shared, copy) => {
      const skip = shared.endsWith('fixtures') ? ownFolders(copy) : new Set<string>();
      const sharedFiles = filesUnder(shared);
      expect(filesUnder(copy, skip)).toEqual(sharedFiles);
      for (const file of sharedFiles) {
        const same = fs.readFileSync(path.join(shared, file)).equals(fs.readFileSync(path.join(copy, file)));
        expect({ file, same }).toEqual({ file, same: true });
      }
    });
  });
});
