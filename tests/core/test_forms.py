"""The shared county field: a county by slug, optional, with one message for a wrong one."""

from django import forms
from django.utils.translation import override

import pytest

from core.forms import CountyChoiceField
from core.models import County

pytestmark = pytest.mark.django_db


class CountyForm(forms.Form):
    lan = CountyChoiceField()


@override("sv")
def test_takes_a_county_by_slug_and_may_be_left_empty():
    gotland = County.objects.get(code="09")
    form = CountyForm({"lan": gotland.slug})
    assert form.is_valid() and form.cleaned_data["lan"] == gotland
    empty = CountyForm({})
    assert empty.is_valid() and empty.cleaned_data["lan"] is None
    assert str(empty["lan"].label) == "Län"
    assert "Alla län" in str(empty["lan"])


@override("sv")
def test_an_unknown_county_is_refused_with_a_swedish_message():
    form = CountyForm({"lan": "atlantis"})
    assert not form.is_valid()
    assert form.errors["lan"] == ["Det finns inget sådant län. Välj ett län i listan."]
