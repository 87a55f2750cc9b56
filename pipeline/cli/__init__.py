"""The command line: one module per command group, thin. Commands call library functions and
turn their errors into a message and an exit code; results go to stdout, logs to stderr.

May import everything below it (``pipeline.ingest``, ``pipeline.evaluate``, the graph, the
store, the readers). Nothing imports it.
"""

from pipeline.cli.main import main

__all__ = ["main"]
