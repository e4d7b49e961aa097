"""An adviser's portfolio: a row for each authority that lets them in (decision 0020)."""
