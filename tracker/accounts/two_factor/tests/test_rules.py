from tracker.accounts.two_factor import rules


def test_new_recovery_code_uses_letters_and_digits_that_read_clearly():
    codes = {rules.new_recovery_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(rules.RECOVERY_CODE_ALPHABET)
        assert not set(code) & set("01oil")


def test_recovery_code_written_and_typed_back():
    assert rules.written_recovery_code("abcdefghjk") == "abcde-fghjk"
    assert rules.tidy_code(" ABCDE - fghjk ") == "abcdefghjk"
    assert rules.is_recovery_code("abcdefghjk") is True
    assert rules.is_app_code("123456") is True
    assert rules.is_app_code("12345a") is False
    assert rules.is_recovery_code("123456") is False


def test_recovery_code_hash_is_keyed_salted_by_person_and_fits_a_static_token(settings):
    settings.SECRET_KEY = "the-key-now"
    settings.SECRET_KEY_FALLBACKS = []

    stored = rules.recovery_code_hashes(user_id=1, code="abcdefghjk")

    assert len(stored) == 1
    assert len(stored[0]) == 16
    assert "abcdefghjk" not in stored[0].lower()
    assert stored != rules.recovery_code_hashes(user_id=2, code="abcdefghjk")
    assert len(rules.used_mark(stored[0])) == 16
    assert rules.used_mark(stored[0]).startswith(rules.USED_MARK)


def test_recovery_code_hash_still_matches_after_the_secret_key_is_rotated(settings):
    settings.SECRET_KEY = "the-old-key"
    settings.SECRET_KEY_FALLBACKS = []
    stored = rules.recovery_code_hashes(user_id=1, code="abcdefghjk")[0]

    settings.SECRET_KEY = "the-new-key"
    settings.SECRET_KEY_FALLBACKS = ["the-old-key"]
    candidates = rules.recovery_code_hashes(user_id=1, code="abcdefghjk")

    assert candidates[0] != stored
    assert candidates[1] == stored


def test_are_recovery_codes_few():
    assert rules.are_recovery_codes_few(4) is False
    assert rules.are_recovery_codes_few(3) is True
    assert rules.are_recovery_codes_few(0) is True
