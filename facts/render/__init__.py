"""One module per output format; each only formats a result, it computes nothing."""
