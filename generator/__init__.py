"""Turn data/ into the handbook's pages and the checker's compiled rules."""
