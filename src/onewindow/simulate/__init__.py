"""The workload generator behind `onewindow generate`: a synthetic county's cases, events, tasks and
materials written at COPY speed for benchmarks (`generator.generate`). A tool at the edge of the
project: no domain app imports it."""
