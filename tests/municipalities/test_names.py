import pytest

from municipalities.names import clean_kyrgyz, search_key


@pytest.mark.parametrize(
    "spelling", ["Көк-Жар", "Кок-Жар", "Kok-Jar", "Kök-Jar", "kok jar", "KOK-ZHAR", "Кок-Джар", "кӧк-жар"]
)
def test_common_spellings_of_kok_jar_share_one_key(spelling):
    assert search_key(spelling) == search_key("Көк-Жар") == "kokjar"


def test_key_ignores_case_hyphens_and_doubled_letters():
    assert search_key("Суу-Башы") == search_key("Suu-Bashy") == search_key("su bashy")


def test_key_of_text_without_letters_is_empty():
    assert search_key("'; DROP TABLE --") == "droptable"
    assert search_key("!!! ---") == ""


def test_clean_kyrgyz_fixes_wrong_code_points_and_spaces():
    assert clean_kyrgyz("Тоӊ\xa0 району ") == "Тоң району"
