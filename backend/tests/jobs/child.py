"""A stand-in job process for the worker tests: speaks the event protocol, checkpoints,
resumes and handles SIGTERM like the training child, in milliseconds instead of minutes.

Spec keys: steps, step_s, fail (exit code), ignore_sigterm, marker (a file each start
appends "job_id attempt" to).
"""

import json
import signal
import sys
import time
from pathlib import Path


def emit(**event: object) -> None:
    print(json.dumps(event), flush=True)


def main() -> int:
    job = json.loads(Path(sys.argv[2]).read_text())
    spec = job["spec"]
    run_dir = Path(job["run_dir"])
    ckpt = run_dir / "checkpoint.json"
    if spec.get("marker"):
        with open(spec["marker"], "a") as f:
            f.write(f"{job['job_id']} {job['attempt']}\n")
    start = json.loads(ckpt.read_text())["step"] if ckpt.exists() else 0
    state = {"step": start}

    def on_term(*_: object) -> None:
        if spec.get("ignore_sigterm"):
            print("ignoring SIGTERM", flush=True)
            return
        ckpt.write_text(json.dumps(state))
        emit(event="checkpoint", step=state["step"], path="checkpoint.json")
        print("got SIGTERM, checkpointed", file=sys.stderr, flush=True)
        sys.exit(143)

    signal.signal(signal.SIGTERM, on_term)
    print(f"plain line: starting at step {start}", flush=True)
    emit(event="log", message=f"attempt {job['attempt']}")
    total = int(spec.get("steps", 3))
    for step in range(start + 1, total + 1):
        time.sleep(float(spec.get("step_s", 0.01)))
        state["step"] = step
        emit(event="metric", step=step, values={"loss": 1.0 / step, "lr": 0.1})
        emit(event="progress", step=step, total=total)
        if step % 2 == 0:
            ckpt.write_text(json.dumps(state))
            emit(event="checkpoint", step=step, path="checkpoint.json")
    if spec.get("fail"):
        print("something broke in the child", file=sys.stderr, flush=True)
        return int(spec["fail"])
    emit(event="result", result={"steps": total, "resumed_from": start})
    return 0


if __name__ == "__main__":
    sys.exit(main())
