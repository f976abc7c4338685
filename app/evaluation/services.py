"""The evaluation's business rules, one module per job; this module is their public face
(views, the CLI, the demo and the tests call `services.<rule>`):

- questionnaire: the form of an edition and its questions
- asking: which questions a location and a participant get, about which subjects
- answering: when the form is open; a participant's online response
- paper: paper forms typed in after the day
- invitations: invitation and reminder mail; a location's state for its coordinator
- result_rows: the database read into the plain rows app/evaluation/results.py computes from

Services take model objects and plain values, raise EvaluationError with a user-facing
message (and the field it belongs to, or a dict of fields), queue mail through
app.mail.queue_mail and only flush: the caller commits.
"""

from __future__ import annotations

from app.evaluation.answering import (  # noqa: F401 - re-exported
    ParticipantState,
    clean_values,
    closes_on,
    has_answered,
    local_today,
    may_answer,
    participant_state,
    response_of,
    save_online,
    stored_values,
    window,
)
from app.evaluation.asking import (  # noqa: F401 - re-exported
    Asked,
    Subject,
    asked_questions,
    subjects_for,
)
from app.evaluation.invitations import (  # noqa: F401 - re-exported
    LocationState,
    answered_ids,
    evaluation_link,
    invite,
    location_state,
    remind,
)
from app.evaluation.paper import (  # noqa: F401 - re-exported
    delete_paper,
    paper_responses,
    save_paper,
)
from app.evaluation.questionnaire import (  # noqa: F401 - re-exported
    DEFAULT_QUESTIONS,
    KIND_LABELS,
    MAX_TEXT,
    RATING_WORDS,
    SCOPE_HEADINGS,
    SCOPE_LABELS,
    SMILEYS,
    EvaluationError,
    add_question,
    delete_question,
    ensure_form,
    form_for,
    has_responses,
    move_question,
    update_question,
    update_settings,
)
from app.evaluation.result_rows import (  # noqa: F401 - re-exported
    discard_drafts,
    edition_results,
    location_results,
    plain_locations,
    plain_questions,
    plain_rows,
    results_for_export,
)
