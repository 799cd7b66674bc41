"""The benchmark suite: seed a large data set, serve with gunicorn, load with wrk (``python -m bench.run``)."""
