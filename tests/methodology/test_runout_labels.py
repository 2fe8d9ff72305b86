"""The run-out rule's English words are in the catalogues and shown in the reader's language."""

from django.utils import translation

from tailsafe.methodology import runout, runout_labels


def test_every_word_of_the_rule_is_marked_for_the_catalogues() -> None:
    assert set(runout.VERDICTS.values()) | {runout.LIMITS_NOTE} == set(runout_labels.MARKED)


def test_verdicts_and_limits_note_in_the_readers_language() -> None:
    with translation.override("en"):
        assert runout_labels.verdict_label("beyond_band") == "beyond the band"
        assert runout_labels.limits_note() == runout.LIMITS_NOTE
    for language in ("ru", "tg"):
        with translation.override(language):
            for code, english in runout.VERDICTS.items():
                assert runout_labels.verdict_label(code) != english, (language, code)
            note = runout_labels.limits_note()
            assert note != runout.LIMITS_NOTE
            assert "600" in note
            assert "668" in note
