"""The second factor (a code from an authenticator app, TOTP with django-otp) that
administrators give after their password."""
