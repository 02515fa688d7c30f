"""Importing this registers every kind's worker-side handler."""

from tunix_rt.evaluations.handler import EvaluateHandler
from tunix_rt.generations.handler import GenerateHandler
from tunix_rt.jobs.kinds import register
from tunix_rt.jobs.status import JobKind
from tunix_rt.tuning.handler import TuneHandler
from tunix_rt.tunix_runs.handler import TrainHandler

register(JobKind.train, TrainHandler())
register(JobKind.generate, GenerateHandler())
register(JobKind.evaluate, EvaluateHandler())
register(JobKind.tune, TuneHandler())
