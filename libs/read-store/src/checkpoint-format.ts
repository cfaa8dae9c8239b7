import type { Checkpoint } from '@peps/event-store';

/** `"<transactionId>:<position>"`: how a command response states the position it wrote. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.transactionId}:${checkpoint.position}`;
}

export function parseCheckpoint(text: string): Checkpoint | null {
  const match = /^(\d{1,19}):(\d{1,19})$/.exec(text.trim());
  if (!match) return null;
  return { transactionId: BigInt(match[1]), position: BigInt(match[2]) };
}
