"""The web app's parts: layout (the Blocks), render (HTML and Markdown of answers and hits), actions (handlers)."""

from ..config import offline_defaults

offline_defaults()  # before Gradio is imported: no analytics, no telemetry
