"""The HTML pages without a browser: every page carries the disclaimer and loads nothing
from elsewhere, forms work without JavaScript, and bad input is shown next to the field
with what was typed kept."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import TYPE_CHECKING, Any

import pytest

from b12.core.questionnaire import answer, next_question, start_flow
from b12.knowledge import Knowledge, load_knowledge
from tests.web.conftest import with_csrf

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

PAGES = ["/", "/self-check", "/labs", "/foods", "/foods?q=beef+liver", "/foods/sr28:13327"]


def hidden(html: str, name: str) -> str:
    m = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert m, f"no hidden {name} field"
    return unescape(m[1])


def question_key(html: str) -> str:
    m = re.search(r'data-key="([^"]+)"', html)
    assert m, "not a question page"
    return m[1]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_disclaimer_viewport_and_only_local_resources(
    client: TestClient, knowledge: Knowledge, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert knowledge.status_texts.disclaimer in unescape(html)
    assert "Information, not a diagnosis." in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="en">' in html
    for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html):
        assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), tag
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "<script>" not in html  # no inline script: the CSP would block it anyway


def test_navigation_links_every_area(client: TestClient) -> None:
    html = client.get("/labs").text
    assert '<a href="/labs" aria-current="page">Lab reader</a>' in html
    for area, path in (("Diary", "/diary"), ("Medicines", "/medicines"), ("Intake", "/intake"),
                       ("Timeline", "/timeline"), ("Profile", "/profile")):  # fmt: skip
        assert f'<a href="{path}">{area}</a>' in html
    labels = re.findall(r'<li><a href="[^"]+"[^>]*>([^<]+)</a></li>', html)
    assert labels[labels.index("Diary") + 1] == "Medicines"
    assert 'class="soon"' not in html


def test_static_files_are_served(client: TestClient) -> None:
    for name in ("style.css", "foods.js", "diary.js", "favicon.svg"):
        assert client.get(f"/static/{name}").status_code == 200


# Self-check -------------------------------------------------------------------------------


def walk(client: TestClient, answers: dict[str, Any]) -> tuple[str, list[str]]:
    """Answer every question the form asks from ``answers`` (missing → Don't know)."""
    html = client.get("/self-check").text
    asked = []
    data: dict[str, Any]
    for _ in range(40):
        if 'id="urgent-form"' in html:  # a red flag's advice: go on with the check
            data = {"state": hidden(html, "state"), "key": hidden(html, "key"),
                    "seen": hidden(html, "seen"), "action": "continue"}  # fmt: skip
            html = client.post("/self-check", data=with_csrf(client, data)).text
            continue
        if 'id="question-form"' not in html:
            return html, asked
        key = question_key(html)
        asked.append(key)
        data = {"state": hidden(html, "state"), "key": key, "seen": hidden(html, "seen")}
        if key in answers:
            data |= {"action": "next", "value": answers[key]}
        else:
            data |= {"action": "dont_know"}
        response = client.post("/self-check", data=with_csrf(client, data))
        assert response.status_code == 200, (key, response.text[:2000])
        html = response.text
    raise AssertionError("the self-check did not end")


EASY = {
    "age": "40",
    "sex": "male",
    "symptoms": ["paresthesia", "balance_problems", "fatigue"],
    "has_cramps": "yes",
    "cramp_locations": ["calf"],
    "cramp_timing": ["night"],
    "diet": "vegan",
    "fortified_foods": "none",
    "supplement": "none",
    "medications": "",
    "conditions": [],
    "exposures": [],
    "labs": "b12_total=150 pg/mL",
}


def test_self_check_without_javascript_reaches_the_assessment(client: TestClient) -> None:
    html, asked = walk(client, EASY)
    assert asked[:3] == ["age", "sex", "symptoms"] and asked[-1] == "labs"
    assert "pregnant" not in asked  # the core's flow decides what is asked
    text = unescape(html)
    assert "Your self-check result" in text
    # Red flags come first, then the B12 status, then causes.
    flag = text.index('class="red-flag" data-code="neurological_deficit"')
    status = text.index("B12 status: deficiency confirmed")
    causes = text.index('data-cause="b12_deficiency"')
    assert flag < status < causes
    assert "Evidence for" in text and "Evidence against" in text
    assert "Vegan diet" in text  # a risk factor
    shown = re.search(r"<pre><code[^>]*>(.*?)</code></pre>", text, re.S)
    assert shown
    case = json.loads(shown[1])
    assert case["person"] == {
        "age": 40.0,
        "sex": "male",
        "diet": "vegan",
        "fortified_foods": "none",
        "b12_supplement": {"frequency": "none"},
    }
    assert case["medications"] == [] and case["conditions"] == []
    assert case["cramps"] == {"locations": ["calf"], "timing": ["night"]}


def test_dont_know_everywhere_but_age(client: TestClient) -> None:
    html, _ = walk(client, {"age": "70"})
    assert "You did not describe cramps." in html
    assert "B12 status:" in html


def test_bad_answers_are_shown_next_to_the_field_and_kept(client: TestClient) -> None:
    first = client.get("/self-check").text
    state = hidden(first, "state")
    response = client.post(
        "/self-check",
        data=with_csrf(client, {"state": state, "key": "age", "action": "next", "value": "12"}),
    )
    assert response.status_code == 422
    assert 'id="answer-error" role="alert"' in response.text
    assert "16" in response.text and 'value="12"' in response.text
    assert 'aria-invalid="true"' in response.text
    dont_know_age = client.post(
        "/self-check", data=with_csrf(client, {"state": state, "key": "age", "action": "dont_know"})
    )
    assert dont_know_age.status_code == 200  # age may stay unknown: the next question follows
    assert "Sex" in dont_know_age.text


def test_bad_lab_lines_in_the_self_check_keep_the_text(client: TestClient) -> None:
    flow = start_flow(load_knowledge())
    answers = []
    while (q := next_question(flow)) is not None and q.key != "labs":
        answers.append([q.key, "40" if q.key == "age" else "?"])
        answer(flow, q.key, 40 if q.key == "age" else None)
    typed = "b12_total=150 pg/mL\nk=4 mg/dL"
    response = client.post(
        "/self-check",
        data=with_csrf(
            client, {"state": json.dumps(answers), "key": "labs", "action": "next", "value": typed}
        ),
    )
    assert response.status_code == 422
    assert "Line 2" in response.text and "mmol/L" in response.text
    assert typed in unescape(response.text)


def test_back_returns_to_the_previous_answer(client: TestClient) -> None:
    state = json.dumps([["age", "40"], ["sex", "male"]])
    response = client.post(
        "/self-check", data=with_csrf(client, {"state": state, "key": "symptoms", "action": "back"})
    )
    assert question_key(response.text) == "sex"
    assert re.search(r'value="male" checked', response.text)


@pytest.mark.parametrize(
    "state",
    [
        "not json",
        '{"a": 1}',
        '[["sex", "male"]]',  # age is asked first
        '[["age", "12"]]',  # an answer the form would refuse
        '[["age", 40]]',
        "[" * 5000,
    ],
)
def test_damaged_answers_say_start_again(client: TestClient, state: str) -> None:
    response = client.post(
        "/self-check", data=with_csrf(client, {"state": state, "key": "sex", "action": "next"})
    )
    assert response.status_code == 422
    assert "start the self-check again" in response.text


def test_a_stale_form_shows_the_question_its_answers_lead_to(client: TestClient) -> None:
    response = client.post(
        "/self-check",
        data=with_csrf(
            client, {"state": '[["age", "40"]]', "key": "labs", "action": "next", "value": "x"}
        ),
    )
    assert response.status_code == 200 and question_key(response.text) == "sex"


# Lab reader -------------------------------------------------------------------------------


def test_lab_reader_reads_results(client: TestClient) -> None:
    response = client.post(
        "/labs",
        data=with_csrf(
            client, {"results": "b12_total=250 pg/mL\n\nmma=620 nmol/L", "guideline": "nice-ng239"}
        ),
    )
    assert response.status_code == 200
    html = unescape(response.text)
    assert "B12 status: indeterminate" in html
    assert "Methylmalonic acid" in html and "Sources" in html


def test_lab_reader_errors_keep_what_was_typed(client: TestClient) -> None:
    typed = "b12_total=250 pg/mL\nk=4 mg/dL\nnonsense"
    response = client.post(
        "/labs",
        data=with_csrf(client, {"results": typed, "guideline": "bsh-2014", "sex": "female"}),
    )
    assert response.status_code == 422
    html = unescape(response.text)
    assert "Line 2" in html and "Line 3" in html
    assert typed in html
    assert '<option value="bsh-2014" selected>' in html
    assert '<option value="female" selected>' in html
    assert "B12 status" not in html


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"results": ""}, "paste at least one result"),
        ({"results": "b12=250 pg/mL", "guideline": "who"}, "unknown guideline"),
        ({"results": "b12=250 pg/mL", "sex": "x"}, "female or male"),
        ({"results": "b12=250 pg/mL", "sex": "male", "pregnant": "1"}, "sex is male"),
        ({"results": "b12=250 pg/mL", "choice.mma_upper_limit": "9"}, "unknown option"),
    ],
)
def test_lab_reader_option_errors(client: TestClient, data: dict[str, str], needle: str) -> None:
    response = client.post("/labs", data=with_csrf(client, data))
    assert response.status_code == 422
    assert needle in unescape(response.text)


def test_an_oversized_form_is_refused_whether_or_not_it_says_its_size(
    client: TestClient,
) -> None:
    form = {"content-type": "application/x-www-form-urlencoded"}
    declared = client.post("/labs", content=b"results=" + b"x" * 300_000, headers=form)
    chunked = client.post("/labs", content=(b"x" * 65_536 for _ in range(5)), headers=form)
    for response in (declared, chunked):
        assert response.status_code == 413
        assert "at most 262,144 bytes are read" in response.text


# Foods ------------------------------------------------------------------------------------


def test_food_search_works_as_a_plain_form(client: TestClient) -> None:
    html = client.get("/foods", params={"q": "clams cooked"}).text
    assert 'href="/foods/sr28:15159"' in html
    assert "98.89 µg / 100 g" in html
    assert 'value="clams cooked"' in html


def test_food_page_with_amount_and_missing_values(client: TestClient) -> None:
    html = unescape(client.get("/foods/sr28:13327", params={"amount": "3 oz"}).text)
    assert "83.13 µg" in html and "70.7 µg" in html and "in 3 oz" in html
    assert "not reported" in html  # selenium etc. are missing in the fixture, not 0
    bad = client.get("/foods/sr28:13327", params={"amount": "3 parsecs"})
    assert bad.status_code == 422
    assert 'value="3 parsecs"' in bad.text and "1 slice" in bad.text


def test_unknown_food_page_is_404(client: TestClient) -> None:
    response = client.get("/foods/sr28:99999")
    assert response.status_code == 404
    assert "sr28:99999" in unescape(response.text)
    assert client.get("/nowhere").status_code == 404


def test_without_food_data_the_food_pages_say_how_to_import(empty_client: TestClient) -> None:
    for path in ("/foods", "/foods?q=milk", "/foods/sr28:13327"):
        response = empty_client.get(path)
        assert response.status_code == 503
        assert "b12 data import --source DIR" in response.text
        assert "B12_DATA_DIR" in response.text and "b12 data download" in response.text
    assert empty_client.get("/").status_code == 200
    assert empty_client.get("/labs").status_code == 200


def test_a_red_flag_answer_shows_its_advice_before_the_next_question(client: TestClient) -> None:
    """Chest pain at the symptoms question: the next page is the emergency advice, once."""
    flow = start_flow(load_knowledge())
    answers: list[list[str]] = [["age", "40"], ["sex", "male"]]
    for key, text in answers:
        assert (question := next_question(flow)) is not None and question.key == key
        answer(flow, key, 40.0 if key == "age" else text)
    data = {"state": json.dumps(answers), "key": "symptoms", "action": "next",
            "value": "chest_pain"}  # fmt: skip
    warned = client.post("/self-check", data=with_csrf(client, data))
    assert warned.status_code == 200
    assert 'id="urgent"' in warned.text and "Call emergency services now" in warned.text
    state, seen = hidden(warned.text, "state"), hidden(warned.text, "seen")
    assert seen == "chest_pain"
    go_on = {"state": state, "key": "has_cramps", "action": "continue", "seen": seen}
    question = client.post("/self-check", data=with_csrf(client, go_on))
    assert 'id="question-form"' in question.text and 'data-key="has_cramps"' in question.text
    nxt = {"state": state, "key": "has_cramps", "action": "next", "value": "no", "seen": seen}
    after = client.post("/self-check", data=with_csrf(client, nxt))
    assert 'id="urgent"' not in after.text  # shown once
    finish = {"state": state, "key": "has_cramps", "action": "finish", "seen": seen}
    result = client.post("/self-check", data=with_csrf(client, finish))
    assert "Your self-check result" in result.text and "emergency" in result.text.lower()


def test_assess_leads_to_the_self_check(client: TestClient) -> None:
    response = client.get("/assess", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/self-check"


def test_the_self_check_names_symptoms_in_plain_words(client: TestClient) -> None:
    flow = start_flow(load_knowledge())
    answer(flow, "age", 40.0)
    answer(flow, "sex", "male")
    data = {"state": json.dumps([["age", "40"], ["sex", "male"]]), "key": "symptoms"}
    page = client.post("/self-check", data=with_csrf(client, {**data, "action": "continue"}))
    assert 'value="paresthesia"' in page.text
    assert "pins and needles (paraesthesia)" in page.text


def test_browsing_a_fresh_install_does_not_create_a_food_index(
    empty_client: TestClient, empty_settings: Any
) -> None:
    for path in ("/", "/foods", "/foods?q=milk", "/api/foods/search?q=milk", "/labs",
                 "/self-check", "/diary", "/intake", "/timeline"):  # fmt: skip
        empty_client.get(path)
    assert not empty_settings.food_index_path.exists()


@pytest.mark.parametrize("labs", ["b12_total=150 pg/mL", ""])
def test_every_source_the_result_lists_is_cited_on_it(client: TestClient, labs: str) -> None:
    """A numbered source list whose numbers appear nowhere above reads as padding: each
    source is cited where the result uses it (the urgency line cites its rule's)."""
    html, _asked = walk(client, {**EASY, "symptoms": ["fatigue"], "labs": labs})
    listed = re.findall(r'<li id="src-([^"]+)"', html)
    cited = set(re.findall(r'<a href="#src-([^"]+)"', html))
    assert listed and set(listed) <= cited, set(listed) - cited
