export { QueriesModule } from './queries.module';
export { ReadModelHealth } from './read-model-status/read-model-health.service';
