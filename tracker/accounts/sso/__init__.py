"""Single sign-on with a work account through OpenID Connect (mozilla-django-oidc)."""
