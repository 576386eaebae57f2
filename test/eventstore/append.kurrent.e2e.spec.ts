// ESDB-WIRE conformance: append, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { appendConformance } from './conformance/append';

appendConformance(kurrentKit);
