import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const folders = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${dir}/${entry.name}`)
    .sort();

// nest-cli.json and tsconfig's paths describe the workspace to Nest's tooling and to editors: a folder missing
// from them builds here but not there.
describe('the workspace layout', () => {
  it('names every application and library in nest-cli.json', () => {
    const projects = Object.values(
      JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8')).projects as Record<string, { root: string }>,
    );
    expect(projects.map((project) => project.root).sort()).toEqual([...folders('apps'), ...folders('libs')].sort());
  });

  it('gives every library its @app alias in tsconfig.json', () => {
    const paths = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths as Record<string, string[]>;
    for (const lib of folders('libs')) {
      const name = lib.slice('libs/'.length);
      expect({ lib, alias: paths[`@app/${name}`] }).toEqual({ lib, alias: [`${lib}/src`] });
    }
  });
});
