"""`/v1/assessments`: one intake, or a batch of up to 1,000 from a clinic's intake forms.

One assessment takes under a millisecond of CPU, so its handler is `async def` and runs on the event
loop: handing it to the thread pool would cost more than the work, and a worker thread holding the
GIL makes the event loop wait for it. The batch, up to a second of work, is a plain `def` and runs
in the thread pool so that other requests keep flowing. Either way each call borrows an engine of
its own from the core's pool, so no engine is shared by concurrent requests. Answers are serialised
once, straight from the model (`json_response`), rather than validated again on the way out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response

from api import links, metrics
from api.deps import core, require_json
from api.examples import BATCH_EXAMPLES, INTAKE_EXAMPLES
from api.json_body import IntakeRoute, MarkedJSONRoute
from api.problems import documented, triage_problem
from api.responses import json_response
from api.schemas import BatchItem, BatchRequest, BatchResult
from triage import Assessment, Intake, IntakeError, Triage

MAX_LISTED_IN_BATCH = 100
"""The most field problems a whole batch lists; later bad intakes give only their count."""

router = APIRouter(
    prefix="/v1/assessments",
    tags=["assessments"],
    dependencies=[Depends(require_json)],
    responses=documented(400, 413, 415, 422),
    route_class=IntakeRoute,
)


@router.post(
    "",
    operation_id="assess",
    summary="Assess one intake",
    response_model=Assessment,
    responses={200: {"links": links.FROM_ASSESS}},
)
async def create_assessment(
    intake: Annotated[Intake, Body(openapi_examples=INTAKE_EXAMPLES)],
    triage: Annotated[Triage, Depends(core)],
) -> Response:
    """Assess one person's answers: likelihood of proximal hamstring tendinopathy, triage level,
    red flags, differentials, explanation and staged advice (contract §4).

    Unanswered questions are unknown, never no. A mistyped question id is rejected with a 422
    problem naming the nearest valid id. The body may also be a FHIR QuestionnaireResponse to the
    intake Questionnaire, sent as `application/fhir+json`: it is answered exactly as the same
    answers in JSON, and a bad item is a 422 problem naming its linkId.
    """
    assessment = triage.assess(intake)
    metrics.assessed({assessment.triage.level.value: 1}, "/v1/assessments")
    return json_response(assessment)


def create_assessments(
    batch: Annotated[BatchRequest, Body(openapi_examples=BATCH_EXAMPLES)],
    triage: Annotated[Triage, Depends(core)],
) -> BatchResult:
    """Assess many intakes, for example a clinic's intake forms, each on its own.

    Results come in the order sent. A bad intake gets its own problem in its place, with paths
    from the request's root (`intakes.2.answers...`); the others are still assessed. An intake
    that gives a key twice is such a bad intake (`duplicate_key`). Each problem lists at most 20
    bad fields, and the whole batch at most 100; `more_errors` counts the rest.
    """
    results = []
    budget = MAX_LISTED_IN_BATCH
    for index, data in enumerate(batch.intakes):
        item = _assess_one(triage, index, data, budget)
        budget -= len(item.error.errors) if item.error is not None else 0
        results.append(item)
    rejected = sum(item.error is not None for item in results)
    levels = Counter(i.assessment.triage.level.value for i in results if i.assessment is not None)
    metrics.assessed(levels, "/v1/assessments/batch")
    return BatchResult(results=results, assessed=len(results) - rejected, rejected=rejected)


# Declared here rather than with a decorator: only this route marks repeated keys instead of
# refusing the whole body, so that one intake's repeated key does not stop the others.
router.add_api_route(
    "/batch",
    create_assessments,
    methods=["POST"],
    operation_id="assessBatch",
    summary="Assess up to 1,000 intakes",
    route_class_override=MarkedJSONRoute,
)


def _assess_one(triage: Triage, index: int, data: Any, budget: int) -> BatchItem:
    try:
        return BatchItem(index=index, assessment=triage.assess(data))
    except IntakeError as error:
        located = [replace(p, loc=("intakes", index, *p.loc)) for p in error.problems[:budget]]
        unlisted = error.more + len(error.problems) - len(located)
        return BatchItem(index=index, error=triage_problem(IntakeError(located, unlisted)))
