export * from './supervise-thread';
