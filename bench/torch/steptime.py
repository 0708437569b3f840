"""Step timing shared by the bench/<paper>-step.py scripts: warm-up steps, then the median and minimum wall time and
the process CPU time per step (less sensitive than wall time to other jobs on a shared machine), in ms.
`cpu_median=True` adds the median of the per-step CPU times ("cpu_median_ms")."""
import statistics, time


def time_steps(step, steps, warmup=5, cpu_median=False):
    for _ in range(warmup):
        step()
    times, cpus = [], []
    c0 = time.process_time()
    for _ in range(steps):
        t0, p0 = time.perf_counter(), time.process_time()
        step()
        times.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - p0) * 1000)
    cpu = (time.process_time() - c0) * 1000 / steps
    out = {"ms_per_step": round(statistics.median(times), 3), "ms_min": round(min(times), 3), "cpu_ms_per_step": round(cpu, 3)}
    if cpu_median:
        out["cpu_median_ms"] = round(statistics.median(cpus), 3)
    return out
