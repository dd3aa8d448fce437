import type { Now } from "../../core/clock.js";
import { phaseStart } from "../../lifecycle/phases.js";
import type { FinetuningJobRecord } from "./record.js";
import { finetuningStatus, TERMINAL_JOB_STATUSES } from "./status.js";

export interface MetricsFrame {
  data: Record<string, number>;
  meta: {
    is_completed: boolean;
    model_uuid: string;
    run_id: string;
    steps: number;
    steps_per_epoch: number;
    total_steps: number;
  };
}

const STEPS_PER_EPOCH = 100;

/**
 * The metrics stream's frames so far (docs/platform-wire.md §4 "Metrics frame"): one checkpoint
 * per epoch reached in training, loss falling deterministically; a last frame with
 * `is_completed: true` once the job is terminal. The whole history every time (the server
 * resends it on each reconnect).
 */
export function metricsFrames(j: FinetuningJobRecord, now: Now): MetricsFrame[] {
  const epochs = typeof j.params?.epochs === "number" ? j.params.epochs : 3;
  const total = epochs * STEPS_PER_EPOCH;
  const st = finetuningStatus(j, now);
  const start = phaseStart(j.plan, "training", j.created_at, now);
  const trainMs = (j.plan.find((p) => p.status === "training")?.seconds ?? 0) * 1000;
  const until = TERMINAL_JOB_STATUSES.includes(st.status) ? st.since : now.t;
  const fraction =
    st.status === "completed" ? 1 : trainMs === 0 ? 0 : Math.min(1, Math.max(0, (until - start) / trainMs));
  const reached = Math.floor(fraction * epochs);
  const meta = (steps: number, done: boolean) => ({
    is_completed: done,
    model_uuid: j.id,
    run_id: j.id,
    steps,
    steps_per_epoch: STEPS_PER_EPOCH,
    total_steps: total,
  });
  const frames: MetricsFrame[] = [];
  for (let epoch = 1; epoch <= reached; epoch++) {
    const steps = epoch * STEPS_PER_EPOCH;
    const loss = Number((2 / (1 + epoch)).toFixed(4));
    frames.push({
      data: {
        epoch,
        steps,
        checkpoint_number: epoch,
        train_metrics_loss: loss,
        validation_metrics_loss: Number((loss * 1.1).toFixed(4)),
        learning_rate: 0.0002,
        batch_size: 16,
      },
      meta: meta(steps, false),
    });
  }
  if (TERMINAL_JOB_STATUSES.includes(st.status)) {
    const last = frames.at(-1);
    frames.push({ data: last?.data ?? {}, meta: meta(last?.meta.steps ?? 0, true) });
  }
  return frames;
}
