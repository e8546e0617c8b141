// The list of commands: each command lives in its own file and registers itself on the program here.
import type { Command } from 'commander';

type Register = (program: Command) => void;

const registrations: Register[] = [];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
