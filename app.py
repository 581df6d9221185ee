"""The web app from a source checkout: `python app.py [--corpus DIR] [--port N]` (see assistant/ui/server.py)."""

from pathlib import Path

from assistant.ui.server import main

if __name__ == "__main__":
    main(root=Path(__file__).resolve().parent)
