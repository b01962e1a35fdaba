import django_filters

from workflow.models import Opportunity


class OpportunityFilter(django_filters.FilterSet):
    deadline_after = django_filters.DateFilter(field_name="application_deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(
        field_name="application_deadline", lookup_expr="lte"
    )
    state = django_filters.MultipleChoiceFilter(choices=Opportunity.State.choices)
    kind = django_filters.MultipleChoiceFilter(choices=Opportunity.Kind.choices)

    class Meta:
        model = Opportunity
        fields = ["state", "owning_unit", "donor", "kind", "deadline_after", "deadline_before"]
