"""Benchmarks for mainwp-async: ``python -m benchmarks [--quick] [--only NAME] [--json PATH]``.

Every benchmark measures the SDK and its baseline in the same run, with interleaved
rounds, and prints medians with their IQR plus ``ratio:`` lines; the rows of the
performance table (issue 10) are printed at the end with their targets and written,
with everything else measured and the machine it ran on, as JSON. Nothing here asserts
on timings: the numbers are for reading, not for failing a build (``--quick`` is the
smoke run CI uses). The registry of benchmarks is the list in ``benchmarks.__main__``.
"""
