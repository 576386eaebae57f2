// ESDB-WIRE conformance: read, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { readConformance } from './conformance/read';

readConformance(kurrentKit);
