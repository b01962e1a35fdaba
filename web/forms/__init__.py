"""The forms of the pages, one module per domain as in ``web.pages``; ``common`` holds what
they share. A form parses what was typed; the services decide."""
