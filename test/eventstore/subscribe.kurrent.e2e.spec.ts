// ESDB-WIRE conformance: subscribe, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { subscribeConformance } from './conformance/subscribe';

subscribeConformance(kurrentKit);
