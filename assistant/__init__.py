"""cluster-assistant: multilingual ingest, hybrid retrieval and cited answers over cluster-policy documents."""

__version__ = "0.1.0"
