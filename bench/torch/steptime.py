"""Step timing shared by the bench/<paper>-step.py scripts: warm-up steps, then the median and minimum wall time and
the process CPU time per step (less sensitive than wall time to other jobs on a shared machine), in ms."""
import statistics, time


def time_steps(step, steps, warmup=5):
    for _ in range(warmup):
        step()
    times = []
    c0 = time.process_time()
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - c0) * 1000 / steps
    return {"ms_per_step": round(statistics.median(times), 3), "ms_min": round(min(times), 3), "cpu_ms_per_step": round(cpu, 3)}
