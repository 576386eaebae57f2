// ESDB-WIRE conformance: delete, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { deleteConformance } from './conformance/delete';

deleteConformance(esdbKit);
