"""What the build writes besides pages: downloads, the search index, HTML conversion."""
