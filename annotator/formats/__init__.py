"""One module per file format: records in from a stream, records out to a stream."""
