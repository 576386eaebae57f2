// ESDB-WIRE conformance: read, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { readConformance } from './conformance/read';

readConformance(esdbKit);
