"""Batch processing on Dask: ``marsad batch`` writes Parquet partitions (:mod:`marsad.batch.runner`,
tables in :mod:`marsad.batch.tables`), ``marsad ingest --from-parquet`` loads them into a store
(:mod:`marsad.batch.parquet_load`)."""
