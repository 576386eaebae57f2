// ESDB-WIRE conformance: metadata, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { metadataConformance } from './conformance/metadata';

metadataConformance(kurrentKit);
