"""A fresh demo has a recommendation at every stage of its way (issue 15, item 3), loaded once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tailsafe.core.models import User
from tailsafe.followup import rules
from tailsafe.followup.models import Recommendation

pytestmark = pytest.mark.django_db


def test_demo_has_a_recommendation_at_each_stage() -> None:
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    recs = Recommendation.objects.all()
    assert recs.filter(stage="draft").count() == 1
    proposed = recs.get(stage="proposed")
    secretariat = User.objects.get(username="demo-secretariat")
    assert rules.can_adopt_recommendation(secretariat, proposed)
    assert proposed.proposal.adopted
    adopted = recs.filter(stage="adopted")
    assert adopted.filter(status="in_progress", updates__isnull=False).exists()
    assert adopted.filter(published=True).count() == 1
    assert adopted.filter(addressee__isnull=True, proposal__isnull=False).count() == 1
    public = Client().get("/public/").content.decode()
    published = adopted.get(published=True)
    assert f"recommendation-{published.pk}" in public
    assert all(f"recommendation-{r.pk}" not in public for r in recs.exclude(pk=published.pk))
