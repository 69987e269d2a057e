"""The data files: reading YAML under limits, the schema, the model; and writing them
back as staff should find them (``writing``, ``scaffold``)."""
