import { Projection } from '../projection';

const identifier = (name: string) => name.replace(/-/g, '_');

export function tableName(logical: string, generation: number): string {
  return `rm_${identifier(logical)}_g${generation}`;
}

export function docsTableName(projection: Pick<Projection, 'name'>, generation: number): string {
  return `rm_${identifier(projection.name)}_docs_g${generation}`;
}
