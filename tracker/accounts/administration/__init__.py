"""Authority administrators' pages: their own users, posts, organisations, closure days and
sign-in record."""
