"""Running the pipeline: the whole site, worker processes, shards, preview."""
