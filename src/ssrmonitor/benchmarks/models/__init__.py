"""Benchmark M&E: frameworks of benchmarks, their indicators and periodic measurements."""

from ssrmonitor.benchmarks.models.choices import (
    Component,
    Direction,
    FrameworkStatus,
    Frequency,
    IndicatorKind,
    IndicatorSource,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.benchmarks.models.framework import Benchmark, Framework, Indicator
from ssrmonitor.benchmarks.models.measurement import (
    DisaggregatedValue,
    Evidence,
    Measurement,
)
from ssrmonitor.benchmarks.models.progress import IndicatorProgress

__all__ = [
    "Benchmark",
    "Component",
    "Direction",
    "DisaggregatedValue",
    "Evidence",
    "Framework",
    "FrameworkStatus",
    "Frequency",
    "Indicator",
    "IndicatorKind",
    "IndicatorProgress",
    "IndicatorSource",
    "Measurement",
    "MeasurementStatus",
    "Owner",
]
