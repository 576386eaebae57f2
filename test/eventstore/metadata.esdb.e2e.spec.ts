// ESDB-WIRE conformance: metadata, with the esdb client (one client package per spec file, see eventstore-clients.ts).
import { esdbKit } from '../support/eventstore-client-esdb';
import { metadataConformance } from './conformance/metadata';

metadataConformance(esdbKit);
