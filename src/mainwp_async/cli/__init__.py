"""The ``mainwp-async`` command line (``pip install 'mainwp-async[cli]'``).

Built on click (commands, help, completion, exit codes) and rich (tables that fit the
terminal, progress on stderr). Nothing here is imported by the library itself.
"""

from __future__ import annotations

from .app import cli, main

__all__ = ["cli", "main"]
