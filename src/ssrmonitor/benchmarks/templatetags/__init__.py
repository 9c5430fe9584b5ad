"""Template filters of the benchmark pages (rating badges, numbers, categories)."""
