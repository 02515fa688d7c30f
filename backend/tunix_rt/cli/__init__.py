"""The `tunix-rt` command line: run the server, and move traces and datasets over its API."""
