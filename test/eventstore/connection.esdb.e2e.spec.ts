// ESDB-WIRE conformance: connection and bad input, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { connectionConformance } from './conformance/connection';

connectionConformance(esdbKit);
