"""core.surveys: the one question model, its form, its results and the questionnaire admin."""

from django.core.exceptions import ValidationError

import pytest

from core.surveys.blocks import SurveyQuestionsBlock
from core.surveys.forms import AnswerForm
from core.surveys.models import Questionnaire
from core.surveys.questions import Priority, Question, answer_text, cells, questions_of
from core.surveys.results import summarise

RATING = Question(id="r", kind="rating", label="Betyg", required=True)
CHOICE = Question(
    id="c", kind="multiple_choice", label="Bäst", choices=("Talare", "Fika", "Nätverk")
)
YES_NO = Question(id="y", kind="yes_no", label="Kontakt?")
NUMBER = Question(id="n", kind="number", label="Butiker", unit="butiker", required=True)
AMOUNT = Question(id="a", kind="amount", label="Stöd")
TEXT = Question(id="t", kind="long_text", label="Övrigt")
PER_PRIORITY = Question(
    id="p", kind="number", label="Hemsändningar", per_priority=True, required=True
)
PRIORITIES = [Priority(key="k1", title="Dagligvaror"), Priority(key="k2", title="Drivmedel")]


def stream(*blocks):
    """A StreamField value as the admin saves it."""
    return SurveyQuestionsBlock().to_python(
        [{"type": kind, "id": block_id, "value": value} for kind, block_id, value in blocks]
    )


def test_questions_keep_the_block_id_kind_and_flags():
    questions = questions_of(
        stream(
            ("rating", "id-1", {"label": "Betyg", "required": True}),
            ("single_choice", "id-2", {"label": "Val", "choices": ["A", "B"], "named": True}),
            ("number", "id-3", {"label": "Antal", "unit": "st", "per_priority": True}),
        )
    )
    assert [(q.id, q.kind, q.required) for q in questions] == [
        ("id-1", "rating", True),
        ("id-2", "single_choice", False),
        ("id-3", "number", False),
    ]
    assert questions[1].named and questions[1].choices == ("A", "B")
    assert questions[2].per_priority and questions[2].unit == "st"


def test_form_stores_answers_by_question_id_and_priority():
    form = AnswerForm(
        {
            "q-r": "4",
            "q-c": ["Talare", "Nätverk"],
            "q-y": "ja",
            "q-n": "12",
            "q-a": "250000",
            "q-t": "Bra dag",
            "q-p-k1": "30",
            "q-p-k2": "0",
        },
        questions=[RATING, CHOICE, YES_NO, NUMBER, AMOUNT, TEXT, PER_PRIORITY],
        priorities=PRIORITIES,
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "r": 4,
        "c": ["Talare", "Nätverk"],
        "y": "ja",
        "n": 12,
        "a": 250000,
        "t": "Bra dag",
        "p": {"k1": 30, "k2": 0},
    }


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("q-r", "6", "Välj ett giltigt alternativ"),
        ("q-r", "fyra", "Välj ett giltigt alternativ"),
        ("q-c", ["Lunch"], "Välj ett giltigt alternativ"),
        ("q-n", "-1", "större än eller lika med 0"),
        ("q-n", "3.5", "heltal"),
        ("q-n", "1000001", "mindre än eller lika med 1000000"),
        ("q-t", "x" * 3001, "som mest 3000 tecken"),
    ],
)
def test_form_refuses_answers_out_of_range_or_of_the_wrong_type(field, value, error):
    data = {"q-r": "3", "q-n": "1", "q-p-k1": "1", "q-p-k2": "1", field: value}
    form = AnswerForm(
        data, questions=[RATING, CHOICE, NUMBER, TEXT, PER_PRIORITY], priorities=PRIORITIES
    )
    assert not form.is_valid()
    assert error in " ".join(form.errors[field])


def test_required_answers_are_enforced_on_submit_and_not_in_a_draft():
    questions = [RATING, NUMBER, PER_PRIORITY]
    submitted = AnswerForm({"q-n": "2"}, questions=questions, priorities=PRIORITIES)
    assert not submitted.is_valid()
    assert set(submitted.errors) == {"q-r", "q-p-k1", "q-p-k2"}

    draft = AnswerForm({"q-n": "2"}, questions=questions, priorities=PRIORITIES, require=False)
    assert draft.is_valid()
    assert draft.answers() == {"n": 2}
    assert draft.missing_required() == [
        "Betyg",
        "Hemsändningar – Dagligvaror",
        "Hemsändningar – Drivmedel",
    ]
    # A draft still refuses what is wrong.
    wrong = AnswerForm({"q-n": "två"}, questions=questions, priorities=PRIORITIES, require=False)
    assert not wrong.is_valid()


def test_form_is_filled_in_again_from_stored_answers():
    form = AnswerForm(
        questions=[NUMBER, PER_PRIORITY],
        priorities=PRIORITIES,
        initial_answers={"n": 7, "p": {"k2": 3}},
    )
    assert form["q-n"].value() == 7
    assert form["q-p-k1"].value() is None
    assert form["q-p-k2"].value() == 3
    assert form.fields["q-n"].help_text == "butiker"
    assert form.fields["q-p-k2"].label == "Hemsändningar – Drivmedel"


def test_results_count_each_option_and_summarise_numbers():
    responses = [
        {"r": 5, "c": ["Talare", "Fika"], "y": "ja", "t": "Mer fika"},
        {"r": 4, "c": ["Fika"], "y": "nej"},
        {"r": 4, "c": ["Borttaget"], "t": "<script>"},
        {},
    ]
    rating, choice, yes_no, text = summarise([RATING, CHOICE, YES_NO, TEXT], responses)

    assert rating.answered == 3
    assert list(rating.chart.rows) == [
        ("1", (0,)),
        ("2", (0,)),
        ("3", (0,)),
        ("4", (2,)),
        ("5", (1,)),
    ]
    assert rating.mean == 4.3
    assert rating.total == 13
    # An option since removed still counts, after the current ones.
    assert list(choice.chart.rows) == [
        ("Talare", (1,)),
        ("Fika", (2,)),
        ("Nätverk", (0,)),
        ("Borttaget", (1,)),
    ]
    assert list(yes_no.chart.rows) == [("Ja", (1,)), ("Nej", (1,))]
    assert text.chart is None
    assert text.texts == ["Mer fika", "<script>"]


def test_results_add_up_numbers_across_priorities():
    (result,) = summarise([PER_PRIORITY], [{"p": {"k1": 10, "k2": 5}}, {"p": {"k1": 1}}])
    assert result.answered == 2
    assert result.total == 16


def test_cells_give_a_column_per_question_and_priority():
    answers = {"r": 4, "c": ["Talare", "Fika"], "y": "nej", "p": {"k1": 3}}
    assert cells([RATING, CHOICE, YES_NO, AMOUNT, PER_PRIORITY], answers, PRIORITIES) == [
        ("Betyg", 4),
        ("Bäst", "Talare; Fika"),
        ("Kontakt?", "Nej"),
        ("Stöd", ""),
        ("Hemsändningar – Dagligvaror", 3),
        ("Hemsändningar – Drivmedel", ""),
    ]
    assert answer_text(YES_NO, "ja") == "Ja"
    assert answer_text(TEXT, None) == ""


@pytest.mark.django_db
def test_questionnaire_refuses_flags_of_the_other_kind_and_no_questions():
    evaluation = Questionnaire(
        title="Utvärdering",
        kind=Questionnaire.Kind.EVALUATION,
        questions=stream(("number", "x", {"label": "Antal", "per_priority": True})),
    )
    with pytest.raises(ValidationError, match="prioriteringar"):
        evaluation.full_clean()

    follow_up = Questionnaire(
        title="Uppföljning",
        kind=Questionnaire.Kind.FOLLOW_UP,
        questions=stream(("yes_no", "x", {"label": "Ja?", "named": True})),
    )
    with pytest.raises(ValidationError, match="per län"):
        follow_up.full_clean()

    empty = Questionnaire(title="Tom", kind=Questionnaire.Kind.FOLLOW_UP, questions=[])
    with pytest.raises(ValidationError, match="minst en fråga"):
        empty.full_clean()


def test_choice_question_refuses_the_same_option_twice():
    block = SurveyQuestionsBlock()
    value = block.to_python(
        [{"type": "single_choice", "value": {"label": "Val", "choices": ["Ja", " ja "]}}]
    )
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_editor_adds_a_questionnaire_in_the_admin(admin_client, home):
    response = admin_client.post(
        "/admin/snippets/surveys/questionnaire/add/",
        {
            "title": "Utvärdering av nätverksmöte",
            "kind": "utvardering",
            "intro": "Tack för att du deltog.",
            "questions-count": "2",
            "questions-0-type": "rating",
            "questions-0-deleted": "",
            "questions-0-order": "0",
            "questions-0-id": "",
            "questions-0-value-label": "Hur nöjd är du?",
            "questions-0-value-help_text": "",
            "questions-0-value-required": "on",
            "questions-1-type": "single_choice",
            "questions-1-deleted": "",
            "questions-1-order": "1",
            "questions-1-id": "",
            "questions-1-value-label": "Hur deltog du?",
            "questions-1-value-help_text": "",
            "questions-1-value-choices-count": "2",
            "questions-1-value-choices-0-value": "På plats",
            "questions-1-value-choices-0-order": "0",
            "questions-1-value-choices-0-deleted": "",
            "questions-1-value-choices-0-id": "",
            "questions-1-value-choices-1-value": "Digitalt",
            "questions-1-value-choices-1-order": "1",
            "questions-1-value-choices-1-deleted": "",
            "questions-1-value-choices-1-id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    questionnaire = Questionnaire.objects.get()
    assert [q.label for q in questionnaire.question_list] == ["Hur nöjd är du?", "Hur deltog du?"]
    assert questionnaire.question_list[0].required
    assert questionnaire.question_list[1].choices == ("På plats", "Digitalt")


@pytest.mark.django_db
def test_preview_shows_the_form_as_respondents_see_it(home):
    questionnaire = Questionnaire.objects.create(
        title="Uppföljning <2026>",
        kind=Questionnaire.Kind.FOLLOW_UP,
        intro="Fyll i före 1 mars.",
        questions=stream(
            ("rating", "r", {"label": "Hur går arbetet?", "required": True}),
            ("number", "p", {"label": "Hemsändningar", "per_priority": True}),
        ),
    )
    response = questionnaire.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uppföljning &lt;2026&gt;" in html
    assert "Fyll i före 1 mars." in html
    assert 'name="q-r"' in html and 'type="radio"' in html
    assert "Hemsändningar – en av länets prioriteringar" in html
