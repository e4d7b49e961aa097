"""Advisers (DfE, regional improvement partners): the authorities' grants, and the middleware
that tells the access helpers which authority an adviser opened (decision 0020)."""
