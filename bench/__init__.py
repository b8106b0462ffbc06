"""`make bench`: import and serving benchmarks on synthetic pages (docs/performance.md)."""
