"""Job store, queue and worker: the record of truth for every request."""
