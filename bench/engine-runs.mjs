// One stack through the real engine: its first `up` and a no-change `up`, timed, with CPU seconds by
// process when asked. Figures 1 and 8 (bench/provider.mjs) and figure 9 (bench/plugin.mjs) run their
// stacks through it, so their numbers are taken the same way.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { cpuSeconds, spawnEmulator } from "./emulator.mjs";
import { benchStack, nowMs } from "./stacks.mjs";

/**
 * CPU seconds by process role, sampled from /proc every 50 ms: every process whose working
 * directory is inside `dir` (the CLI and the plugins it starts), named by `roleOf(cmdline)`. The
 * command line is read each time: a launcher (a shell script) execs node under the same pid. A
 * process that has exited but is not yet reaped (a zombie) has an empty command line and keeps its
 * role. Processes that used no CPU tick are left out. The last 50 ms of a process may be missed.
 */
export function cpuSampler(dir, roleOf) {
  const seen = new Map(); // pid -> { role, cpu }
  const sample = () => {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) continue;
        const cpu = cpuSeconds(Number(pid));
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        const old = seen.get(pid);
        const role = cmdline === "" && old ? old.role : roleOf(cmdline);
        seen.set(pid, { role, cpu: Math.max(old?.cpu ?? 0, cpu) });
      } catch {
        // gone meanwhile
      }
    }
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const byRole = {};
      for (const { role, cpu } of seen.values()) if (cpu > 0) byRole[role] = (byRole[role] ?? 0) + cpu;
      return byRole;
    },
  };
}

/**
 * A fresh stack named `name` running `program`: its first `up`, then a no-change `up`, each timed.
 * - `emulator`: start a fresh emulator process whose readiness completes at once. The program
 *   reaches it through PREDIBASE_* variables, unless `configure(stack, emu)` sets stack config.
 * - `profile`: add CPU seconds by process (`roleOf` names them); the program's own CPU (this
 *   process) and the emulator's are always counted.
 */
export async function firstAndNoChange(
  name,
  program,
  { emulator = false, configure, env = {}, upOptions, profile = false, roleOf },
) {
  const emu = emulator ? await spawnEmulator(["--clock", "immediate"]) : undefined;
  const s = await benchStack(name, program, { ...(emu && !configure ? emu.env : {}), ...env });
  try {
    if (configure) await configure(s.stack, emu);
    const timed = async () => {
      const sampler = profile ? cpuSampler(s.dir, roleOf) : undefined;
      const emuCpu = emu?.cpuSeconds() ?? 0;
      const self = process.cpuUsage();
      const started = nowMs();
      const result = await s.stack.up(upOptions);
      const ms = nowMs() - started;
      const own = process.cpuUsage(self);
      const cpu = sampler?.stop() ?? {};
      cpu["program (this process)"] = (own.user + own.system) / 1e6;
      if (emu) cpu.emulator = emu.cpuSeconds() - emuCpu;
      return { ms, cpu, changes: result.summary.resourceChanges };
    };
    const first = await timed();
    const stateText = s.stateText();
    const again = await timed();
    return { first, again, stateText, state: JSON.parse(stateText) };
  } finally {
    s.dispose();
    await emu?.stop();
  }
}
