"""The one status vocabulary of jobs, shared by the database, API, worker and UI."""

from enum import StrEnum


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancel_requested = "cancel_requested"
    cancelled = "cancelled"
    timed_out = "timed_out"


# A job in one of these is held by a worker (and has a lease).
ACTIVE = (JobStatus.running, JobStatus.cancel_requested)
FINISHED = (JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled, JobStatus.timed_out)


class JobKind(StrEnum):
    train = "train"
    generate = "generate"
    evaluate = "evaluate"
    tune = "tune"
