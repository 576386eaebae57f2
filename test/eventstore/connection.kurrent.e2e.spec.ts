// ESDB-WIRE conformance: connection and bad input, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { connectionConformance } from './conformance/connection';

connectionConformance(kurrentKit);
