"""Forms of the birthday pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from guanai.core.forms import ServiceErrorsMixin

# Numbers, not 正月…腊月 or 初一…三十: the drop-downs read the same in every language.
MONTHS = [(str(n), str(n)) for n in range(1, 13)]
DAYS = [(str(n), str(n)) for n in range(1, 31)]


class LunarBirthdayForm(ServiceErrorsMixin, forms.Form):
    month = forms.ChoiceField(label=gettext_lazy("Lunar month"), choices=MONTHS)
    day = forms.ChoiceField(label=gettext_lazy("Lunar day"), choices=DAYS)
    # The rules for a leap month or a 30th day a year lacks are said on the page
    # (``lunar_form.html``): the shared form include shows no help under a checkbox.
    leap = forms.BooleanField(label=gettext_lazy("Leap month (闰月)"), required=False)
