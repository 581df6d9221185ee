"""One constant per limit that more than one part enforces (the page, the API, the CLI and the answerer)."""

MAX_QUESTION = 2000  # characters of a question or a search query: the answerer and retrieval read no more
MAX_URL = 2000  # characters of a web address or a citation's source
MAX_EMBEDDED = 4000  # characters of a query the model embeds (its window holds 512 tokens: more is never read)
MAX_TITLE = 120  # characters of a conversation's title (the first question's, or a name given by its reader)
MAX_CONVERSATIONS = 200  # conversations one signed-in reader keeps (or one browser, for an anonymous reader)
MAX_TURNS = 100  # questions and answers in one conversation
MAX_PASSAGE = 3000  # characters of a cited passage kept with a turn (the card's "show passage")
MAX_SHARES = 1000  # permalinks one reader has made and not deleted
MAX_EXPORT = 1_000_000  # bytes of a conversation's Markdown or JSON export, UTF-8 (later turns are left out past it)
MAX_PENDING_QUESTIONS = 1000  # questions waiting to be kept for the report after their answer (more: dropped, logged)
