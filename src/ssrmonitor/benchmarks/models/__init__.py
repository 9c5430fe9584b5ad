"""Benchmark M&E: frameworks of benchmarks, their indicators and periodic measurements."""

from ssrmonitor.benchmarks.models.choices import (
    Component,
    Direction,
    Frequency,
    FrameworkStatus,
    IndicatorKind,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.benchmarks.models.framework import Benchmark, Framework, Indicator
from ssrmonitor.benchmarks.models.measurement import (
    DisaggregatedValue,
    Evidence,
    Measurement,
)

__all__ = [
    "Benchmark",
    "Component",
    "Direction",
    "DisaggregatedValue",
    "Evidence",
    "Frequency",
    "Framework",
    "FrameworkStatus",
    "Indicator",
    "IndicatorKind",
    "Measurement",
    "MeasurementStatus",
    "Owner",
]
