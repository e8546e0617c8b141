// CPU time on a Linux machine, split into the bench's own processes and everything else, so a benchmark can
// tell its own load (which is the point) from other processes' (which spoils a timing). Elsewhere: null.
import { readFileSync } from 'node:fs';

interface Sample {
  at: number;
  machineBusy: number;
  ours: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function machineBusyTicks(): number {
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return total - fields[3] - fields[4];
}

function processTicks(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields start after its closing parenthesis.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15)
  } catch {
    return 0; // gone
  }
}

export class CpuMeter {
  private constructor(private readonly pids: () => readonly number[]) {}

  /** A meter over the given processes (read at each sample), or null where /proc is not there. */
  static create(pids: () => readonly number[]): CpuMeter | null {
    try {
      readFileSync('/proc/stat');
      return new CpuMeter(pids);
    } catch {
      return null;
    }
  }

  sample(): Sample {
    return {
      at: performance.now(),
      machineBusy: machineBusyTicks(),
      ours: this.pids().reduce((n, pid) => n + processTicks(pid), 0),
    };
  }

  /** Cores' worth of CPU that other processes used between two samples. */
  static foreignCores(a: Sample, b: Sample): number {
    const seconds = (b.at - a.at) / 1000;
    if (!(seconds > 0)) return 0;
    return Math.max(0, (b.machineBusy - a.machineBusy - (b.ours - a.ours)) / TICKS_PER_SECOND / seconds);
  }
}
