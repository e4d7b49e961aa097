"""API tokens: personal keys that programs (Power BI, Excel, scripts) use instead of signing
in. Made and revoked by their owner; an authority's administrators see and revoke them all."""
