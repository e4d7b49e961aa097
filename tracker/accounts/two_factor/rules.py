"""Who must give a second factor, and how recovery codes are made, written and kept."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac
from django_otp.oath import TOTP

from tracker.accounts.models import User


def needs_second_factor_after_password(user: User) -> bool:
    """ "Administrators signing in with a password also enter a code from an authenticator
    app." Anyone else, and anyone signing in with a work account (the identity provider asks
    for its own second factor), does not."""
    return user.is_authority_administrator


def new_app_code_matches(*, key: str, code: str) -> bool:
    """Whether a code is what an authenticator app holding this key (hex) shows now, or one
    step either side, allowing for a clock a little out (django-otp's TOTP, as its device)."""
    return bool(TOTP(bytes.fromhex(key)).verify(int(code), tolerance=1))


# Recovery codes ---------------------------------------------------------------------------------

# "Ten single-use recovery codes", for an administrator who cannot use their authenticator app.
RECOVERY_CODE_COUNT = 10
# "Warn when few remain": at this many or fewer, the person is told to make a new set.
RECOVERY_CODES_FEW = 3
# Letters and digits that cannot be mistaken for one another when read from paper (no 0, o,
# 1, l or i): 10 of 31 characters, about 50 bits.
RECOVERY_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
_HASH_SALT = "tracker.accounts.two_factor.recovery_code"
# A used code's row is kept, its hash marked with this, so using it again is told apart from a
# code that was never right.
USED_MARK = "~"


def new_recovery_code() -> str:
    """A random recovery code, as kept in memory: 10 characters of the alphabet."""
    return "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def written_recovery_code(code: str) -> str:
    """A recovery code as shown to its owner, in two groups of five: `abcde-fghjk`."""
    half = RECOVERY_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def tidy_code(text: str) -> str:
    """What someone typed, without spaces or hyphens, in lower case."""
    return "".join(text.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    """A code from an authenticator app: 6 digits."""
    return len(code) == 6 and code.isascii() and code.isdigit()


def is_recovery_code(code: str) -> bool:
    """Something shaped like a recovery code (10 letters and digits); whether it is one of the
    person's is for the database to say."""
    return len(code) == RECOVERY_CODE_LENGTH and code.isascii() and code.isalnum()


def recovery_code_hashes(*, user_id: int, code: str) -> list[str]:
    """What is stored for a recovery code: a keyed hash (HMAC-SHA256 with the secret key,
    salted with the person's id), cut to the 16 characters django-otp's `StaticToken` holds
    (80 bits, in base 32). One for the secret key and one for each fallback key, so that codes
    keep working while the secret key is rotated; the first is the one to store."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    hashes = []
    for key in keys:
        digest = salted_hmac(
            _HASH_SALT, f"{user_id}:{code}", secret=key, algorithm="sha256"
        ).digest()
        hashes.append(base64.b32encode(digest[:10]).decode("ascii"))
    return hashes


def used_mark(stored: str) -> str:
    """The stored value of a used code: the mark, then the hash cut to fit 16 characters."""
    return USED_MARK + stored[: 16 - len(USED_MARK)]


def are_recovery_codes_few(left: int) -> bool:
    return left <= RECOVERY_CODES_FEW
