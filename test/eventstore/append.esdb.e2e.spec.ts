// ESDB-WIRE conformance: append, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { appendConformance } from './conformance/append';

appendConformance(esdbKit);
