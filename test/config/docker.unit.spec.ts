import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies } from 'semver';
import { parse } from 'yaml';

// No Docker engine runs here: docker/ is checked statically. These fail when the Node versions named in different
// places disagree, when the Dockerfile copies what .dockerignore leaves out, and when the compose file's services
// lose their health checks or start before what they need is healthy.
const root = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const dockerfile = read('docker/Dockerfile');
const baseImages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);

describe('the Node versions', () => {
  const nvmrc = read('.nvmrc').trim();

  it('every stage of the image is the same Node image, pinned to a minor', () => {
    expect(baseImages.length).toBeGreaterThan(1);
    for (const image of baseImages) expect(image).toBe(baseImages[0]);
    expect(baseImages[0]).toMatch(/^node:\d+\.\d+-bookworm-slim$/);
  });

  it('.nvmrc names the image major, and package.json engines admit both', () => {
    const [, major, minor] = /^node:(\d+)\.(\d+)-/.exec(baseImages[0])!;
    expect(nvmrc).toBe(major);
    expect(satisfies(`${major}.${minor}.0`, packageJson.engines.node)).toBe(true);
  });

  it('@types/node is the lowest supported major, so code cannot use an API it lacks', () => {
    const lowest = minVersion(packageJson.engines.node)!.major;
    expect(minVersion(packageJson.devDependencies['@types/node'])!.major).toBe(lowest);
  });

  it('the versions .ci/node-versions tests by default are supported', () => {
    const versions = /CI_NODE_VERSIONS:-([\d ]+)\}/.exec(read('.ci/node-versions'))![1].trim().split(/\s+/);
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions)
      expect({ version, supported: satisfies(`${version}.99.0`, packageJson.engines.node) }).toEqual({ version, supported: true });
  });

  it('every installed package admits the lowest version of each supported major, but for a few the framework pins', () => {
    // Required by a framework package at a major that needs Node 22, with no release of that package for Node 20:
    // Nest's upload validator (unused here), Fastify's static files (the API reference page's assets) and test
    // injection. The full suite runs on Node 20, so a code path of theirs that the product uses and Node 20 lacks
    // fails there.
    const pinnedByFramework = new Set(['file-type', 'content-disposition', 'cookie']);
    const packageName = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const lowest = packageJson.engines.node.split('||').map((range) => minVersion(range)!.version);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '' && !pinnedByFramework.has(packageName(path)))
      .flatMap(([path, { engines }]) =>
        lowest
          .filter((version) => engines?.node && !satisfies(version, engines.node))
          .map((version) => `${path} (${engines!.node}): ${version}`),
      );
    expect(refusing).toEqual([]);
  });

  it('CI runs them: .ci/run calls .ci/node-versions after npm test', () => {
    const steps = read('.ci/run')
      .split('\n')
      .filter((line) => /^(npm |\.ci\/)/.test(line));
    expect(steps).toEqual(['npm ci', 'npm test', '.ci/node-versions']);
  });
});

describe('docker/Dockerfile', () => {
  it('copies from the build context only what .dockerignore lets in', () => {
    const allowed = read('.dockerignore')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1));
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1].split(' '));
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.filter((source) => !allowed.includes(source))).toEqual([]);
  });

  it('runs as a non-root user and checks the API readiness', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
  });
});

describe('docker/compose.yml', () => {
  type Service = {
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    image?: string;
    build?: unknown;
    environment?: Record<string, string | number>;
    networks?: Record<string, { ipv4_address?: string }> | string[];
  };
  const compose = parse(read('docker/compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
    networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
  };
  const services = Object.entries(compose.services);

  it('passes dclint with no error and no warning', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/dclint/bin/dclint.cjs'), 'docker/compose.yml', '--max-warnings', '0'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.any(String) });
  });

  it('gives every service a health check of its own, or the image HEALTHCHECK of the API', () => {
    for (const [name, service] of services) {
      // The API has the image's HEALTHCHECK (GET /health/ready); every other service needs its own.
      const check = service.healthcheck?.test.join(' ') ?? (name === 'api' ? 'the image HEALTHCHECK' : undefined);
      expect({ name, check }).toEqual({ name, check: expect.any(String) });
    }
    expect(compose.services.projector.healthcheck?.test).toEqual(['CMD', 'node', 'dist/apps/projector/src/main.js', '--status']);
  });

  it('starts a service only when what it depends on is healthy', () => {
    for (const [name, service] of services)
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
        expect(compose.services[dependency]).toBeDefined();
      }
    expect(Object.keys(compose.services.api.depends_on ?? {}).sort()).toEqual(['esdb1', 'esdb2', 'esdb3', 'postgres']);
  });

  it('pins each KurrentDB node to its replication address on the fixed subnet, and seeds gossip with the others', () => {
    const [subnet] = Object.values(compose.networks).flatMap((network) => network.ipam.config.map((c) => c.subnet));
    const prefix = subnet.replace(/\.0\/24$/, '.');
    const nodes = services.filter(([, service]) => service.image?.includes('kurrentdb'));
    expect(nodes.map(([name]) => name)).toEqual(['esdb1', 'esdb2', 'esdb3']);
    const addresses = nodes.map(([, service]) => String(service.environment?.KURRENTDB_REPLICATION_IP));
    for (const [index, [name, service]] of nodes.entries()) {
      const address = addresses[index];
      const pinned = Object.values(service.networks as Record<string, { ipv4_address?: string }>)[0].ipv4_address;
      const seeds = String(service.environment?.KURRENTDB_GOSSIP_SEED).split(',');
      expect({ name, pinned, onSubnet: address.startsWith(prefix), seeds }).toEqual({
        name,
        pinned: address,
        onSubnet: true,
        seeds: addresses.filter((other) => other !== address).map((other) => `${other}:2113`),
      });
      expect(service.environment?.KURRENTDB_CLUSTER_SIZE).toBe(nodes.length);
    }
  });
});
