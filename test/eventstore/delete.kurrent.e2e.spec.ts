// ESDB-WIRE conformance: delete, with the kurrent client (one client package per spec file, see eventstore-clients.ts).
import { kurrentKit } from '../support/eventstore-client-kurrent';
import { deleteConformance } from './conformance/delete';

deleteConformance(kurrentKit);
