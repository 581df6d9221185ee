"""One constant per limit that more than one part enforces (the page, the API, the CLI and the answerer)."""

MAX_QUESTION = 2000  # characters of a question or a search query: the answerer and retrieval read no more
MAX_URL = 2000  # characters of a web address or a citation's source
MAX_EMBEDDED = 4000  # characters of a query the model embeds (its window holds 512 tokens: more is never read)
