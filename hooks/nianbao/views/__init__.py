"""What each page shows: planning pages, grids, figures, charts, rendering."""
