"""The data files: reading YAML under limits, the schema, the model."""
