// ESDB-WIRE conformance: subscribe, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { subscribeConformance } from './conformance/subscribe';

subscribeConformance(esdbKit);
