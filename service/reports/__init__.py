"""What a person reads, built from the store and independent of HTTP: the review pages' views,
the progress board and its SVG charts, Excel/CSV exports and training data."""
