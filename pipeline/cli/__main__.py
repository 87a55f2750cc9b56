"""``python -m pipeline.cli``: the same as the ``vanthu`` command."""

from pipeline.cli.main import main

main()
