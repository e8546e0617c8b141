// The list of commands: each command lives in its own file and registers itself on the program here.
import type { Command } from 'commander';
import { register as backtest } from './backtest.js';
import { register as check } from './check.js';
import { register as data } from './data.js';
import { register as journal } from './journal.js';
import { register as montecarlo } from './montecarlo.js';
import { register as pricing } from './pricing.js';
import { register as signal } from './signal.js';
import { register as sim } from './sim.js';
import { register as study } from './study.js';
import { register as worker } from './worker.js';

type Register = (program: Command) => unknown;

const registrations: Register[] = [
  backtest,
  data,
  pricing,
  check,
  signal,
  journal,
  sim,
  montecarlo,
  study,
  worker,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
